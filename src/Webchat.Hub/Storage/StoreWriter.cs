using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Storage;

/// <summary>
/// Every write of the hub goes through here. One writer takes whatever has queued up and runs it
/// in one transaction (group commit: one fsync serves many requests); a write that fails is
/// rolled back alone and the rest still commit, and a write that lost a race to another hub process
/// (<see cref="WriteConflicts"/>) runs again and then sees what won. A caller's
/// task completes only after the commit, which is what lets the hub answer 200 only for data
/// that is durable. One writer also means writes of one hub never race each other: 50 concurrent
/// first messages of one chat see each other's contact and task; across hubs the database's unique
/// indexes and row locks decide, and the loser's rerun sees the winner's rows. The queue is bounded
/// (<see cref="StorageOptions.MaxQueuedWrites"/>): when it is full a write is refused at once, so
/// callers answer 503 instead of waiting without end.
/// </summary>
public sealed partial class StoreWriter : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<IWrite> _queue;
    private readonly IDbContextFactory<HubDbContext> _contexts;
    private readonly ILogger<StoreWriter> _logger;
    private readonly Histogram<int> _batchSizes;
    private int _waiting;
    private volatile bool _stopped;

    public StoreWriter(IDbContextFactory<HubDbContext> contexts, IOptions<HubOptions> options, ILogger<StoreWriter> logger, HubMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _contexts = contexts;
        _logger = logger;
        _batchSizes = metrics.WriteBatchSize;
        Capacity = options.Value.Storage.MaxQueuedWrites;
        _queue = Channel.CreateBounded<IWrite>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        metrics.ObserveWriterQueue(() => Volatile.Read(ref _waiting));
    }

    /// <summary>The most writes that may wait for the writer (<c>Hub:Storage:MaxQueuedWrites</c>).</summary>
    public int Capacity { get; }

    /// <summary>Writes handed to the writer and not finished yet: queued or in the batch under way.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// Runs <paramref name="write"/> in the next batch and returns its result once the batch has
    /// committed. A write that throws fails alone with its exception (a store error that is not an
    /// outage as <see cref="StoreRejectedException"/>); an outage fails the batch with
    /// <see cref="StoreUnavailableException"/>. Once handed over, a write runs to its end whatever
    /// becomes of <paramref name="cancellationToken"/>: a caller that stopped waiting could not
    /// otherwise know whether it committed.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<HubDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new Write<T>(write, this);
        Interlocked.Increment(ref _waiting);
        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _waiting);
            throw _stopped
                ? new StoreUnavailableException("The hub is shutting down.", null)
                : new StoreUnavailableException($"The hub's write queue is full ({Capacity} writes, Hub:Storage:MaxQueuedWrites).", null);
        }

        return item.Completion.Task;
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

        _stopped = true;
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
            var attempt = new CommitAttempt();
            try
            {
                (failed, failure) = await TryCommitAsync(pending, attempt);
            }
#pragma warning disable CA1031 // The store failed: every write still pending learns so, none is acknowledged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogBatchFailed(_logger, pending.Count, exception);
                // A commit that broke off may have committed all the same: its callers must not undo anything.
                var unavailable = new StoreUnavailableException("The store could not commit the write.", exception, mayHaveCommitted: attempt.Committing);
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

            failed.Fail(failure is not (DbUpdateException or System.Data.Common.DbException) ? failure!
                : StoreErrors.IsTransient(failure) ? new StoreUnavailableException("The store could not take the write.", failure)
                : Rejected(failure));
            pending = [.. pending.Where(item => item != failed)];
        }
    }

    /// <summary>Runs every write and commits; stops at the first write that throws, leaving the transaction to roll back.</summary>
    private async Task<(IWrite? Failed, Exception? Failure)> TryCommitAsync(List<IWrite> items, CommitAttempt attempt)
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

        attempt.Committing = true;
        transaction.Commit();
        return (null, null);
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

    private interface IWrite
    {
        /// <summary>How many races this write lost so far.</summary>
        int Conflicts { get; set; }

        Task RunAsync(HubDbContext db, CancellationToken cancellationToken);

        void Complete();

        void Fail(Exception exception);
    }

    /// <summary>Whether the batch had reached its commit when it failed.</summary>
    private sealed class CommitAttempt
    {
        public bool Committing { get; set; }
    }

    private sealed class Write<T>(Func<HubDbContext, CancellationToken, Task<T>> write, StoreWriter writer) : IWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Conflicts { get; set; }

        public async Task RunAsync(HubDbContext db, CancellationToken cancellationToken) => _result = await write(db, cancellationToken);

        public void Complete()
        {
            if (Completion.TrySetResult(_result!))
            {
                Interlocked.Decrement(ref writer._waiting);
            }
        }

        public void Fail(Exception exception)
        {
            if (Completion.TrySetException(exception))
            {
                Interlocked.Decrement(ref writer._waiting);
            }
        }
    }
}

/// <summary>
/// The store could not take a write (an outage, a full queue, or the hub is stopping): send it again.
/// Nothing of the write was kept, unless <see cref="MayHaveCommitted"/>: the commit itself broke off,
/// and only the store knows whether it went through.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException, bool mayHaveCommitted = false) : Exception(message, innerException)
{
    public bool MayHaveCommitted { get; } = mayHaveCommitted;
}

/// <summary>The store refused the write's data (not an outage): sending it again would fail again. Nothing of it was kept.</summary>
public sealed class StoreRejectedException(string message, Exception innerException) : Exception(message, innerException);
