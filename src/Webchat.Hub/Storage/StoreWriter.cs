using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Webchat.Hub.Storage;

/// <summary>
/// Every write of the hub goes through here. One writer takes whatever has queued up and runs it
/// in one transaction (group commit: one fsync serves many requests); a write that fails is
/// rolled back alone and the rest still commit, and a write that lost a race to another hub process
/// (<see cref="WriteConflicts"/>) runs again and then sees what won. A caller's
/// task completes only after the commit, which is what lets the hub answer 200 only for data
/// that is durable. One writer also means writes of one hub never race each other: 50 concurrent
/// first messages of one chat see each other's contact and task; across hubs the database's unique
/// indexes and row locks decide, and the loser's rerun sees the winner's rows.
/// </summary>
public sealed partial class StoreWriter : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<IWrite> _queue = Channel.CreateUnbounded<IWrite>(new() { SingleReader = true });
    private readonly IDbContextFactory<HubDbContext> _contexts;
    private readonly ILogger<StoreWriter> _logger;
    private readonly Histogram<int> _batchSizes;

    public StoreWriter(IDbContextFactory<HubDbContext> contexts, ILogger<StoreWriter> logger, HubMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _contexts = contexts;
        _logger = logger;
        _batchSizes = metrics.WriteBatchSize;
    }

    /// <summary>
    /// Runs <paramref name="write"/> in the next batch and returns its result once the batch has
    /// committed. A write that throws fails alone with its exception; a commit that fails fails
    /// the whole batch with <see cref="StoreUnavailableException"/>.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<HubDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var item = new Write<T>(write);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new StoreUnavailableException("The hub is shutting down.", null);
        }

        return item.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IWrite>(MaxBatch);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await RunBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued was never acknowledged; its callers learn so.
        }

        _queue.Writer.TryComplete();
        var stopped = new StoreUnavailableException("The hub is shutting down.", null);
        foreach (var item in batch)
        {
            item.Fail(stopped);
        }

        while (reader.TryRead(out var item))
        {
            item.Fail(stopped);
        }
    }

    /// <summary>
    /// Commits a batch in one transaction. When one write fails, the transaction is rolled back,
    /// that write fails alone, and the rest run again without it: failures are rare, so the
    /// common path carries no per-write savepoints (on PostgreSQL each would be two round trips).
    /// </summary>
    private async Task RunBatchAsync(List<IWrite> batch)
    {
        _batchSizes.Record(batch.Count);
        var pending = batch;
        while (pending.Count > 0)
        {
            IWrite? failed;
            Exception? failure;
            try
            {
                (failed, failure) = await TryCommitAsync(pending);
            }
#pragma warning disable CA1031 // The store failed: every write still pending learns so, none is acknowledged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogBatchFailed(_logger, pending.Count, exception);
                var unavailable = new StoreUnavailableException("The store could not commit the write.", exception);
                foreach (var item in pending)
                {
                    item.Fail(unavailable);
                }

                return;
            }

            if (failed is null)
            {
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

            failed.Fail(failure is DbUpdateException or System.Data.Common.DbException
                ? new StoreUnavailableException("The store refused the write.", failure)
                : failure!);
            pending = [.. pending.Where(item => item != failed)];
        }
    }

    /// <summary>Runs every write and commits; stops at the first write that throws, leaving the transaction to roll back.</summary>
    private async Task<(IWrite? Failed, Exception? Failure)> TryCommitAsync(List<IWrite> items)
    {
        // Begin and commit block this thread, as the hot path's statements do (see IngestSql): the
        // writer is one thread, and waking it directly beats queueing it behind the HTTP work.
        using var db = _contexts.CreateDbContext();
        db.Database.AutoSavepointsEnabled = false;
        using var transaction = db.Database.BeginTransaction();
        foreach (var item in items)
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
                return (item, exception);
            }
        }

        transaction.Commit();
        return (null, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A write lost a race to another hub and runs again: {Reason}")]
    private static partial void LogConflict(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} writes could not be committed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    private interface IWrite
    {
        /// <summary>How many races this write lost so far.</summary>
        int Conflicts { get; set; }

        Task RunAsync(HubDbContext db, CancellationToken cancellationToken);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<HubDbContext, CancellationToken, Task<T>> write) : IWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Conflicts { get; set; }

        public async Task RunAsync(HubDbContext db, CancellationToken cancellationToken) => _result = await write(db, cancellationToken);

        public void Complete() => Completion.TrySetResult(_result!);

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}

/// <summary>The store could not take a write (it failed, or the hub is stopping). Nothing of the write was kept.</summary>
public sealed class StoreUnavailableException(string message, Exception? innerException) : Exception(message, innerException);
