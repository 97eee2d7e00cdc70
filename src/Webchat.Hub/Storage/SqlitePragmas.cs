using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Webchat.Hub.Storage;

/// <summary>
/// Per-connection SQLite settings: <c>synchronous=FULL</c> syncs the WAL on every commit, so a
/// transaction the hub acknowledged survives a power cut, not only a crash of the process;
/// <c>wal_autocheckpoint</c> is raised from 1,000 to 10,000 pages, since <see cref="SqliteCheckpointer"/>
/// checkpoints in the background and the commit path should only do it when that falls behind.
/// (WAL itself is a property of the file, set once by <see cref="StoreInitializer"/>: a
/// connection that opens the file read-only could not set it.)
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
