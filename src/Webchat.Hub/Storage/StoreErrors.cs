using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Webchat.Hub.Storage;

/// <summary>
/// Tells an outage of the store from a write the store refuses. Only an outage (connection lost,
/// timeouts, serialization or deadlock failures, a busy SQLite file, a full disk) is worth sending
/// again; anything else is about that write's data and fails that write alone, or it would be
/// retried for ever.
/// </summary>
public static class StoreErrors
{
    // SQLite's primary result codes that say the store, not the data, is in trouble.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteIoError or SqliteFull or SqliteCantOpen;
                case DbException { IsTransient: true }:
                case TimeoutException or SocketException or IOException:
                    return true;
                case DbException:
                    // A PostgreSQL error that is not transient is about the data (a NUL, a value too long).
                    return false;
            }
        }

        return false;
    }

    /// <summary>The store's own words on why it refused a write, for the log and the caller.</summary>
    public static string Reason(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost.Message;
    }
}
