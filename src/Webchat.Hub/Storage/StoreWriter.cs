using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Storage;

/// <summary>
/// Every write of the hub goes through here. A writer takes whatever has queued up and runs it
/// in one transaction (group commit: one fsync serves many requests); a write that fails is
/// rolled back alone and the rest still commit, and a write that lost a race to another writer
/// (<see cref="WriteConflicts"/>) runs again and then sees what won. A caller's task completes only
/// after the commit, which is what lets the hub answer 200 only for data that is durable.
/// On SQLite one writer does all (the store takes one writer at a time anyway). On PostgreSQL
/// <see cref="StorageOptions.Writers"/> writers work side by side, each on its own connection, so
/// the server's work and the round trips of one overlap the others': writes of one chat always go to
/// the same writer, in order (50 concurrent first messages of one chat see each other's contact and
/// task), writes without an order key go to the first; between writers, as between hubs, the database's
/// unique indexes and row locks decide, and the loser's rerun sees the winner's rows. The queue is
/// bounded (<see cref="StorageOptions.MaxQueuedWrites"/>, over all writers): when it is full a write
/// is refused at once, so callers answer 503 instead of waiting without end.
/// </summary>
public sealed partial class StoreWriter : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<IWrite>[] _lanes;
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
        var storage = options.Value.Storage;
        Capacity = storage.MaxQueuedWrites;
        var writers = storage.Provider == StorageProvider.Postgres ? storage.Writers : 1;
        // Unbounded each: the bound is Capacity over all of them, kept by _waiting.
        _lanes = [.. Enumerable.Range(0, writers).Select(_ => Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true }))];
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
    public Task<T> WriteAsync<T>(Func<HubDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        Enqueue(new Write<T>(write, null, null, this), _lanes[0], cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync{T}(Func{HubDbContext, CancellationToken, Task{T}}, CancellationToken)"/>, with the
    /// write's common case as one <paramref name="statement"/> that PostgreSQL runs with the batch's
    /// other statements in one round trip; <paramref name="write"/> runs when it does not apply (and
    /// always on SQLite). Writes of one <paramref name="orderKey"/> (a chat) keep their order whichever
    /// form each takes; a null <paramref name="statement"/> means this write has only its full form.
    /// </summary>
    public Task<T> WriteAsync<T>(string orderKey, BatchedStatement<T>? statement, Func<HubDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        Enqueue(new Write<T>(write, orderKey, statement, this), _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(orderKey) % (uint)_lanes.Length)], cancellationToken);

    /// <summary>The order key of a chat's messages: one writer takes them, in the order they came.</summary>
    public static string ChatOrder(int integrationId, string chatId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"chat/{integrationId}/{chatId}");

    /// <summary>The order key of a task's replies and their deliveries' outcomes: one writer takes them all, off the first one's path.</summary>
    public static string TaskOrder(long taskNumber) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"task/{taskNumber}");

    private Task<T> Enqueue<T>(Write<T> item, Channel<IWrite> lane, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Increment(ref _waiting) > Capacity || !lane.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _waiting);
            throw _stopped
                ? new StoreUnavailableException("The hub is shutting down.", null)
                : new StoreUnavailableException($"The hub's write queue is full ({Capacity} writes, Hub:Storage:MaxQueuedWrites).", null);
        }

        return item.Completion.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => RunLaneAsync(lane, stoppingToken), CancellationToken.None)));

    private async Task RunLaneAsync(Channel<IWrite> lane, CancellationToken stoppingToken)
    {
        var reader = lane.Reader;
        var batch = new List<IWrite>(MaxBatch);
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
        lane.Writer.TryComplete();
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

    /// <summary>
    /// Sends the statements of the batch's writes in one round trip, ahead of the full forms, and
    /// marks the writes they applied. A write whose chat has an earlier write in the batch that takes
    /// its full form takes its full form too, so a chat's messages keep their order. False when the
    /// results cannot stand: a statement failed (the transaction is aborted), or one applied while
    /// an earlier one of its chat did not.
    /// </summary>
    private bool RunStatements(NpgsqlTransaction transaction, List<IWrite> items)
    {
        var sent = new List<IWrite>();
        var fullForm = new HashSet<string>(StringComparer.Ordinal);
        using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var item in items)
        {
            if (item.OrderKey is not { } key)
            {
                continue;
            }

            if (fullForm.Contains(key) || item.Statement() is not { } command)
            {
                fullForm.Add(key);
                continue;
            }

            batch.BatchCommands.Add(command);
            sent.Add(item);
        }

        if (sent.Count == 0)
        {
            return true;
        }

        try
        {
            using var reader = batch.ExecuteReader();
            for (var i = 0; i < sent.Count; i++)
            {
                if (i > 0)
                {
                    reader.NextResult();
                }

                sent[i].ReadStatement(reader);
            }
        }
        catch (PostgresException exception)
        {
            LogStatementsFailed(_logger, exception.Message);
            return false;
        }

        fullForm.Clear();
        foreach (var item in items)
        {
            if (item.OrderKey is not { } key)
            {
                continue;
            }

            if (!item.Applied)
            {
                fullForm.Add(key);
            }
            else if (fullForm.Contains(key))
            {
                return false;
            }
        }

        return true;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batched statement failed; the batch runs again with each write in its full form: {Reason}")]
    private static partial void LogStatementsFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} writes could not be committed")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    private interface IWrite
    {
        /// <summary>How many races this write lost so far.</summary>
        int Conflicts { get; set; }

        /// <summary>The write's chat, when its order among the batch's writes matters; null otherwise.</summary>
        string? OrderKey { get; }

        /// <summary>Whether the write's statement applied in this attempt, leaving its full form out.</summary>
        bool Applied { get; set; }

        NpgsqlBatchCommand? Statement();

        /// <summary>Reads the statement's result; sets <see cref="Applied"/> when it yielded a row.</summary>
        void ReadStatement(DbDataReader reader);

        Task RunAsync(HubDbContext db, CancellationToken cancellationToken);

        void Complete();

        void Fail(Exception exception);
    }

    /// <summary>How an attempt at a batch ended: committed, a write that failed, or statements to undo.</summary>
    private readonly record struct Outcome(IWrite? Failed, Exception? Failure, bool StatementsUndone);

    /// <summary>Whether the batch had reached its commit when it failed.</summary>
    private sealed class CommitAttempt
    {
        public bool Committing { get; set; }
    }

    private sealed class Write<T>(Func<HubDbContext, CancellationToken, Task<T>> write, string? orderKey, BatchedStatement<T>? statement, StoreWriter writer) : IWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Conflicts { get; set; }

        public string? OrderKey => orderKey;

        public bool Applied { get; set; }

        public NpgsqlBatchCommand? Statement() => statement?.Command();

        public void ReadStatement(DbDataReader reader)
        {
            Applied = statement!.TryRead(reader, out var result);
            _result = result;
        }

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
