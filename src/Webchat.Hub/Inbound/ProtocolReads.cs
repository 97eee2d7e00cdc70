using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>
/// A provider's reads (<c>getTask</c>, <c>getContact</c>) as plain statements, each prepared once on a
/// connection kept open for them: a read is one indexed lookup, and EF Core's context, query cache and
/// materializer cost more than the lookup itself. At most <see cref="MaxIdle"/> connections are kept;
/// more concurrent reads open more and close them after. A store that fails a read as an outage
/// answers <see cref="StoreUnavailableException"/>, so the provider is told to try again.
/// </summary>
public sealed class ProtocolReads(IDbContextFactory<HubDbContext> contexts) : IDisposable
{
    private const int MaxIdle = 16;

    private const string TaskSql = """
        SELECT t."Number", t."Status" FROM "Chats" c JOIN "Tasks" t ON t."Id" = c."CurrentTaskId"
        WHERE c."IntegrationId" = @integration AND c."ExternalId" = @external
        """;

    private const string ContactSql = """
        SELECT "Number" FROM "Contacts" WHERE "IntegrationId" = @integration AND "ExternalId" = @external
        """;

    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private readonly Lazy<(string ConnectionString, bool Postgres)> _store = new(() =>
    {
        using var db = contexts.CreateDbContext();
        return (db.Database.GetConnectionString()!, db is PostgresHubDbContext);
    });

    /// <summary>The chat's current task, or null when the integration has no such chat.</summary>
    public Task<TaskNumberData?> TaskAsync(int integrationId, string chatId, CancellationToken cancellationToken) =>
        ReadAsync(TaskSql, integrationId, chatId, reader => new TaskNumberData(reader.GetInt64(0), reader.GetInt32(1) == (int)ChatTaskStatus.Active), cancellationToken);

    /// <summary>The contact's number, or null when the integration has no such contact.</summary>
    public async Task<long?> ContactNumberAsync(int integrationId, string contactId, CancellationToken cancellationToken) =>
        (await ReadAsync(ContactSql, integrationId, contactId, reader => new ContactNumberData(reader.GetInt64(0)), cancellationToken))?.Number;

    private async Task<T?> ReadAsync<T>(string sql, int integrationId, string external, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        // A kept connection the server has closed meanwhile fails once; the read runs again on a new one.
        if (_idle.TryTake(out var idle) && await TryReadAsync(idle, sql, integrationId, external, read, lastTry: false, cancellationToken) is (true, var kept))
        {
            return kept;
        }

        var (_, result) = await TryReadAsync(await OpenAsync(cancellationToken), sql, integrationId, external, read, lastTry: true, cancellationToken);
        return result;
    }

    private async Task<(bool Done, T? Result)> TryReadAsync<T>(
        ReadConnection connection, string sql, int integrationId, string external, Func<DbDataReader, T> read, bool lastTry, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var command = connection.Command(sql);
            command.Parameters[0].Value = integrationId;
            command.Parameters[1].Value = external;
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

    /// <summary>An open connection with its statements, each prepared on first use.</summary>
    private sealed class ReadConnection(DbConnection connection) : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbCommand Command(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                command.Set("integration", 0);
                command.Set("external", "");
                command.Prepare();
                _commands[sql] = command;
            }

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
