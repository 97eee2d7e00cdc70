using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Samples the outbox for the metrics (depth, and how long the longest-due delivery has waited) every
/// <see cref="Interval"/>: a gauge is read on the metrics' own schedule, which must not wait on the store.
/// </summary>
internal sealed partial class OutboxGauges : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly IDbContextFactory<HubDbContext> _contexts;
    private readonly StoreReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxGauges> _logger;
    private long _depth;
    private double _oldestDueAge;

    public OutboxGauges(IDbContextFactory<HubDbContext> contexts, StoreReadiness readiness, TimeProvider time, HubMetrics metrics, ILogger<OutboxGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _contexts = contexts;
        _readiness = readiness;
        _time = time;
        _logger = logger;
        metrics.ObserveOutbox(() => Interlocked.Read(ref _depth), () => Volatile.Read(ref _oldestDueAge));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _readiness.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(Interval, _time);
            do
            {
                await SampleAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = _time.GetUtcNow();
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var depth = await db.Deliveries.LongCountAsync(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Delivering, cancellationToken);
            var oldest = await Outbox.OldestDueAsync(db, now, cancellationToken);
            Interlocked.Exchange(ref _depth, depth);
            Volatile.Write(ref _oldestDueAge, oldest is { } due ? (now - due).TotalSeconds : 0);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            LogSampleFailed(_logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox could not be sampled for the metrics; trying again shortly")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
