using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Storage;

/// <summary>
/// Every write of the hub goes through here. A writer takes whatever has queued up and runs it
/// in one transaction (group commit: one fsync serves many requests); a write that fails is
/// rolled back alone and the rest still commit, and a write that lost a race to another writer
/// (<see cref="WriteConflicts"/>) runs again and then sees what won. A caller's task completes only
/// after the commit, which is what lets the hub answer 200 only for data that is durable; a write may
/// name what must happen right after its commit (a hook the writer runs, see <see cref="WriteAsync{T}(Func{HubDbContext, CancellationToken, Task{T}}, Action{T}, CancellationToken)"/>).
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
        ReservePoolThreads(writers);
        // Unbounded each: the bound is Capacity over all of them, kept by _waiting.
        _lanes = [.. Enumerable.Range(0, writers).Select(_ => Channel.CreateUnbounded<IWrite>(new UnboundedChannelOptions { SingleReader = true }))];
        metrics.ObserveWriterQueue(() => Volatile.Read(ref _waiting));
    }

    /// <summary>
    /// A lane runs its statements and its commit with ADO.NET's synchronous calls, holding a pool thread while
    /// the store answers. With the pool's minimum at the core count, a burst after a quiet spell left the
    /// requests waiting for the pool to add threads (about one a second): on PostgreSQL with 4 writers, p99 of
    /// 0.7–1.7 s at 1,000 messages/s from a cold start, against 65 ms with one more thread per lane. Never
    /// lowers a minimum already higher (several hubs in one process, as in the tests).
    /// </summary>
    private static void ReservePoolThreads(int lanes)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = Environment.ProcessorCount + lanes;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionPorts);
        }
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
        Enqueue(new Write<T>(write, null, null, null, this), _lanes[0], cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync{T}(Func{HubDbContext, CancellationToken, Task{T}}, CancellationToken)"/>, and once the
    /// write has committed the writer runs <paramref name="committed"/> with its result, before the caller's task
    /// completes: what must follow the commit (a live event, the delivery worker woken) happens even when the
    /// caller stopped waiting, and no caller can forget it. Never run for a write that failed or was rolled back;
    /// it runs on the writer's thread, so it must be quick and must not wait (a channel write, a counter), and an
    /// exception it throws is logged and fails neither the write nor its batch.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<HubDbContext, CancellationToken, Task<T>> write, Action<T> committed, CancellationToken cancellationToken) =>
        Enqueue(new Write<T>(write, null, null, committed, this), _lanes[0], cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync{T}(Func{HubDbContext, CancellationToken, Task{T}}, CancellationToken)"/>, with the
    /// write's common case as one <paramref name="statement"/> that PostgreSQL runs with the batch's
    /// other statements in one round trip; <paramref name="write"/> runs when it does not apply (and
    /// always on SQLite). Writes of one <paramref name="orderKey"/> (a chat) keep their order whichever
    /// form each takes; a null <paramref name="statement"/> means this write has only its full form.
    /// </summary>
    public Task<T> WriteAsync<T>(string orderKey, BatchedStatement<T>? statement, Func<HubDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        Enqueue(new Write<T>(write, orderKey, statement, null, this), Lane(orderKey), cancellationToken);

    /// <summary>
    /// The ordered write with a <paramref name="committed"/> hook, run with the write's result (from whichever form
    /// took it) as in <see cref="WriteAsync{T}(Func{HubDbContext, CancellationToken, Task{T}}, Action{T}, CancellationToken)"/>.
    /// </summary>
    public Task<T> WriteAsync<T>(string orderKey, BatchedStatement<T>? statement, Func<HubDbContext, CancellationToken, Task<T>> write, Action<T> committed, CancellationToken cancellationToken) =>
        Enqueue(new Write<T>(write, orderKey, statement, committed, this), Lane(orderKey), cancellationToken);

    /// <summary>The order key of a chat's messages: one writer takes them, in the order they came.</summary>
    public static string ChatOrder(int integrationId, string chatId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"chat/{integrationId}/{chatId}");

    /// <summary>The order key of a task's replies and their deliveries' outcomes: one writer takes them all, off the first one's path.</summary>
    public static string TaskOrder(long taskNumber) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"task/{taskNumber}");

    /// <summary>The lane of an order key: the same writer for every write of a chat or task.</summary>
    private Channel<IWrite> Lane(string orderKey) => _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(orderKey) % (uint)_lanes.Length)];

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
}
