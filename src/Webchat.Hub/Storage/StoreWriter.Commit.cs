using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>The writer's commit: a batch in one transaction, a failing write apart, races run again.</summary>
public sealed partial class StoreWriter
{
    /// <summary>
    /// Commits a batch in one transaction. When one write fails, the transaction is rolled back,
    /// that write fails alone, and the rest run again without it: failures are rare, so the
    /// common path carries no per-write savepoints (on PostgreSQL each would be two round trips).
    /// </summary>
    private async Task RunBatchAsync(List<IWrite> batch)
    {
        _batchSizes.Record(batch.Count);
        var pending = batch;
        var batchStatements = true;
        while (pending.Count > 0)
        {
            IWrite? failed;
            Exception? failure;
            var attempt = new CommitAttempt();
            try
            {
                (failed, failure, var statementsUndone) = await TryCommitAsync(pending, attempt, batchStatements);
                if (statementsUndone)
                {
                    // Rare (a statement failed, or would have put a chat's message ahead of an earlier
                    // one): the same writes run again, each in its full form.
                    batchStatements = false;
                    continue;
                }
            }
#pragma warning disable CA1031 // The store failed: every write still pending learns so, none is acknowledged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogBatchFailed(_logger, pending.Count, exception);
                // A commit that broke off may have committed all the same: its callers must not undo anything.
                // No hook runs: what follows a commit that may not have happened waits for the next look
                // (the delivery worker's poll, a page's refresh).
                var unavailable = new StoreUnavailableException("The store could not commit the write.", exception, mayHaveCommitted: attempt.Committing);
                foreach (var item in pending)
                {
                    item.Fail(unavailable);
                }

                return;
            }

            if (failed is null)
            {
                // Committed: each write's hook, then its caller, in the batch's order.
                foreach (var item in pending)
                {
                    item.Complete();
                }

                return;
            }

            if (WriteConflicts.IsConflict(failure) && failed.Conflicts++ < WriteConflicts.MaxRetries)
            {
                // Lost a race to another hub: all run again, in a new transaction that sees the winner's rows.
                LogConflict(_logger, failure!.Message);
                continue;
            }

            failed.Fail(failure is not (DbUpdateException or System.Data.Common.DbException) ? failure!
                : StoreErrors.IsTransient(failure) ? new StoreUnavailableException("The store could not take the write.", failure)
                : Rejected(failure));
            pending = [.. pending.Where(item => item != failed)];
        }
    }

    /// <summary>Runs every write and commits; stops at the first write that throws, leaving the transaction to roll back.</summary>
    private async Task<Outcome> TryCommitAsync(List<IWrite> items, CommitAttempt attempt, bool batchStatements)
    {
        // Begin and commit block this thread, as the hot path's statements do (see IngestSql): the
        // writer is one thread, and waking it directly beats queueing it behind the HTTP work.
        using var db = _contexts.CreateDbContext();
        db.Database.AutoSavepointsEnabled = false;
        using var transaction = db.Database.BeginTransaction();
        foreach (var item in items)
        {
            item.Applied = false;
        }

        if (batchStatements && transaction.GetDbTransaction() is NpgsqlTransaction npgsql && !RunStatements(npgsql, items))
        {
            return new Outcome(null, null, StatementsUndone: true);
        }

        foreach (var item in items.Where(item => !item.Applied))
        {
            try
            {
                await item.RunAsync(db, CancellationToken.None);
                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                }

                // Saved entities need no tracking; the next write starts from the store.
                db.ChangeTracker.Clear();
            }
#pragma warning disable CA1031 // A write's own failure is handed to its caller alone.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return new Outcome(item, exception, StatementsUndone: false);
            }
        }

        attempt.Committing = true;
        transaction.Commit();
        return new Outcome(null, null, StatementsUndone: false);
    }

    private StoreRejectedException Rejected(Exception failure)
    {
        var reason = StoreErrors.Reason(failure);
        LogWriteRejected(_logger, reason, failure);
        return new StoreRejectedException($"The store refused the data: {reason}", failure);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store refused one write, which failed alone: {Reason}")]
    private static partial void LogWriteRejected(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A write lost a race to another hub and runs again: {Reason}")]
    private static partial void LogConflict(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} writes could not be committed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    /// <summary>How an attempt at a batch ended: committed, a write that failed, or statements to undo.</summary>
    private readonly record struct Outcome(IWrite? Failed, Exception? Failure, bool StatementsUndone);

    /// <summary>Whether the batch had reached its commit when it failed.</summary>
    private sealed class CommitAttempt
    {
        public bool Committing { get; set; }
    }
}
