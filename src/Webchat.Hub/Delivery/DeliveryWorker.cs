using Microsoft.Extensions.Options;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Delivers the outbox. Woken by the <see cref="DeliverySignal"/> right after a reply commits, by the
/// next due retry, or by the poll as a fallback; then claims the due head of each lane with the due
/// deliveries behind it (a run, <see cref="DeliveryOptions.LaneRun"/>), up to
/// <see cref="DeliveryOptions.MaxConcurrency"/> lanes at once, each run sent in order by a
/// <see cref="LaneRun"/>, so one slow or dead chat holds up only itself. Every wait is on the hub's
/// <see cref="TimeProvider"/>. Several hubs on one database each run one: a claim is leased to its hub, renewed while the hub lives, and taken over by another hub
/// when the lease runs out.
/// </summary>
internal sealed partial class DeliveryWorker(
    Outbox outbox,
    LaneRun lanes,
    DeliverySignal signal,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>Cuts off attempts still under way when the host's shutdown timeout runs out.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>The longest a stop waits for cut-off attempts to hand their deliveries back.</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

    /// <summary>When the last renewal that went through started (UTC ticks of the hub's clock): every claim under way then holds a lease time from it.</summary>
    private long _renewedTicks;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Attempts under way may end while the host allows, so their outcomes are kept. The base returns
        // when they have ended or when the host stops waiting; whatever is left then is cut off and goes
        // back in line (same messageId) while the writer still runs (it stops after this worker).
        await base.StopAsync(cancellationToken);
        await _abort.CancelAsync();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(ReleaseWait, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<(Task Run, Guid Claim, long[] Deliveries)>();
        var abort = _abort.Token;
        var renewedAt = time.GetUtcNow();
        try
        {
            // The store is migrated and the integrations loaded once the host has started.
            await WhenStartedAsync(stoppingToken);
            var resumed = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                signal.Reset();
                inFlight.RemoveAll(f => f.Run.IsCompleted);
                var settings = options.Value;
                var wakeAt = time.GetUtcNow() + settings.PollInterval;
                var renewEvery = settings.LeaseTime / 3;
                try
                {
                    if (inFlight.Count == 0 || time.GetUtcNow() - renewedAt >= renewEvery)
                    {
                        // Alive and still sending: the claims under way hold for another lease time.
                        if (inFlight.Count > 0)
                        {
                            var renewing = time.GetUtcNow();
                            await outbox.RenewAsync([.. inFlight.Select(f => f.Claim).Distinct()], stoppingToken);
                            Volatile.Write(ref _renewedTicks, renewing.UtcTicks);
                        }

                        renewedAt = time.GetUtcNow();
                    }

                    if (inFlight.Count > 0 && renewedAt + renewEvery < wakeAt)
                    {
                        wakeAt = renewedAt + renewEvery;
                    }

                    if (!resumed)
                    {
                        var count = await outbox.ResumeInterruptedAsync(stoppingToken);
                        resumed = true;
                        if (count > 0)
                        {
                            LogResumed(logger, count);
                        }
                    }

                    var free = settings.MaxConcurrency - inFlight.Count;
                    if (free > 0)
                    {
                        var claimedAt = time.GetUtcNow();
                        var claim = await outbox.ClaimAsync(free, [.. inFlight.SelectMany(f => f.Deliveries)], stoppingToken);
                        inFlight.AddRange(claim.Runs.Select(run =>
                            (lanes.DeliverAsync(run, () => LeaseUntil(claimedAt), stoppingToken, abort), run[0].ClaimToken, run.Select(job => job.DeliveryId).ToArray())));
                        if (claim.NextDueAt < wakeAt)
                        {
                            wakeAt = claim.NextDueAt.Value;
                        }
                    }
                }
#pragma warning disable CA1031 // The store failing, or anything else: the worker waits a poll and looks again.
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogLookFailed(logger, exception);
                }

                await WaitAsync(wakeAt, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: no more claims; the attempts under way end below.
        }

        await Task.WhenAll(inFlight.Select(f => f.Run));
        await ReleaseCutOffAsync([.. inFlight.Select(f => f.Claim).Distinct()]);
    }

    /// <summary>
    /// Until when the lease of a claim made at <paramref name="claimedAt"/> is known to hold: a lease time from
    /// the claim or from the last renewal since, whichever is later (each set its lease from a later time).
    /// </summary>
    private DateTimeOffset LeaseUntil(DateTimeOffset claimedAt)
    {
        var renewed = new DateTimeOffset(Volatile.Read(ref _renewedTicks), TimeSpan.Zero);
        return (renewed > claimedAt ? renewed : claimedAt) + options.Value.LeaseTime;
    }

    /// <summary>Deliveries cut off by the stop go back in line now rather than when their leases run out.</summary>
    private async Task ReleaseCutOffAsync(List<Guid> claims)
    {
        if (claims.Count == 0)
        {
            return;
        }

        try
        {
            await outbox.ReleaseAsync(claims, CancellationToken.None);
        }
        catch (StoreUnavailableException exception)
        {
            // They go again when their leases run out.
            LogStoreUnavailable(logger, exception);
        }
    }

    /// <summary>Waits until <paramref name="wakeAt"/> on the hub's clock, or until the signal is raised.</summary>
    private async Task WaitAsync(DateTimeOffset wakeAt, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (wakeAt <= now)
        {
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(wakeAt - now, time, wake.Token);

        // The timer counts from when it was armed: if the clock moved past wakeAt meanwhile, go now.
        if (time.GetUtcNow() < wakeAt)
        {
            await Task.WhenAny(timer, signal.WaitAsync(wake.Token));
        }

        await wake.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} deliveries interrupted by the last stop go again")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; looking again at the next poll")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An attempt's outcome could not be stored; trying again")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
