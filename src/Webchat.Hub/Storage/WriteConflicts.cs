using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>
/// A write lost a race to another hub process on the same database (it created the same chat, or
/// gave the chat a task, first). Nothing of the write was kept; run again, it sees the winner's rows.
/// </summary>
public sealed class WriteConflictException(string message) : Exception(message);

/// <summary>Which failures of a write are races the database resolved, so that running the write again succeeds.</summary>
internal static class WriteConflicts
{
    /// <summary>How often one write runs again after losing races before it fails; each run sees what won.</summary>
    public const int MaxRetries = 5;

    public static bool IsConflict(Exception? exception) => exception switch
    {
        null => false,
        WriteConflictException or DbUpdateConcurrencyException => true,
        // Two hubs inserting the same contact or chat: the loser waits for the winner's commit, then
        // fails on the unique index. Deadlocks and serialization failures are resolved by a rerun too.
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => IsConflict(exception.InnerException),
    };
}
