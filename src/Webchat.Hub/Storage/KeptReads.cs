using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>
/// Hot one-row reads as plain statements, each prepared once on a connection kept open for them: such a
/// read is one indexed lookup, and EF Core's context, query cache and materializer cost more than the
/// lookup itself (a reply's check of its task was a third of the reply API's time). At most
/// <see cref="MaxIdle"/> connections are kept; more concurrent reads open more and close them after. A
/// store that fails a read as an outage answers <see cref="StoreUnavailableException"/>, so the caller
/// hears 503 and tries again.
/// </summary>
public sealed class KeptReads(IDbContextFactory<HubDbContext> contexts) : IDisposable
{
    private const int MaxIdle = 16;

    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private readonly Lazy<(string ConnectionString, bool Postgres)> _store = new(() =>
    {
        using var db = contexts.CreateDbContext();
        return (db.Database.GetConnectionString()!, db is PostgresHubDbContext);
    });

    /// <summary>The first row of <paramref name="sql"/> with the parameters <paramref name="bind"/> sets, or null when it has none.</summary>
    public async Task<T?> ReadAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        // A kept connection the server has closed meanwhile fails once; the read runs again on a new one.
        if (_idle.TryTake(out var idle) && await TryReadAsync(idle, sql, bind, read, lastTry: false, cancellationToken) is (true, var kept))
        {
            return kept;
        }

        var (_, result) = await TryReadAsync(await OpenAsync(cancellationToken), sql, bind, read, lastTry: true, cancellationToken);
        return result;
    }

    private async Task<(bool Done, T? Result)> TryReadAsync<T>(
        ReadConnection connection, string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, bool lastTry, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var command = connection.Command(sql, bind);
            T? result;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                result = await reader.ReadAsync(cancellationToken) ? read(reader) : null;
            }

            Return(connection);
            return (true, result);
        }
        catch (DbException exception) when (StoreErrors.IsTransient(exception))
        {
            connection.Dispose();
            return lastTry ? throw new StoreUnavailableException("The store could not answer the read.", exception) : (false, null);
        }
        catch
        {
            // A reader left open by a cancelled read, or a store error that is not an outage: the connection is not kept.
            connection.Dispose();
            throw;
        }
    }

    private async Task<ReadConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var (connectionString, postgres) = _store.Value;
        DbConnection connection = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            await connection.DisposeAsync();
            throw new StoreUnavailableException("The store could not be reached for a read.", exception);
        }

        return new ReadConnection(connection);
    }

    private void Return(ReadConnection connection)
    {
        if (_idle.Count < MaxIdle)
        {
            _idle.Add(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>An open connection with its statements, each prepared on first use (once its parameters are set, for their types).</summary>
    private sealed class ReadConnection(DbConnection connection) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbCommand Command(string sql, Action<DbCommand> bind)
        {
            if (_commands.TryGetValue(sql, out var command))
            {
                bind(command);
                return command;
            }

            command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            command.Prepare();
            _commands[sql] = command;
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
