using Microsoft.Extensions.Options;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Delivers the outbox. Woken by the <see cref="DeliverySignal"/> right after a reply commits, by the
/// next due retry, or by the poll as a fallback; then claims the due head of each lane, up to
/// <see cref="DeliveryOptions.MaxConcurrency"/> lanes at once, so one slow or dead chat holds up only
/// itself. Every wait is on the hub's <see cref="TimeProvider"/>. Several hubs on one database each
/// run one: a claim is leased to its hub, renewed while the hub lives, and taken over by another hub
/// when the lease runs out.
/// </summary>
internal sealed partial class DeliveryWorker(
    Outbox outbox,
    DeliveredBatch delivered,
    ProviderCaller caller,
    DeliverySignal signal,
    IntegrationRegistry registry,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    HubMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>Cuts off attempts still under way when the host's shutdown timeout runs out.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>The longest a stop waits for cut-off attempts to hand their deliveries back.</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(5);

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
        var inFlight = new List<(Task Run, Guid Claim, long Delivery)>();
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
                            await outbox.RenewAsync([.. inFlight.Select(f => f.Claim).Distinct()], stoppingToken);
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
                        var claim = await outbox.ClaimAsync(free, [.. inFlight.Select(f => f.Delivery)], stoppingToken);
                        inFlight.AddRange(claim.Jobs.Select(job => (DeliverAsync(job, abort), job.ClaimToken, job.DeliveryId)));
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

    private async Task DeliverAsync(DeliveryJob job, CancellationToken abort)
    {
        try
        {
            var result = await caller.CallAsync(job, abort);
            if (await SettleAsync(job, result, abort) is not { } outcome)
            {
                LogClaimLost(logger, job.DeliveryId, job.MessageId);
                return;
            }

            var providerId = registry.FindById(job.IntegrationId)?.ProviderId ?? "?";
            metrics.DeliveryAttempts.Add(1, new("integration", providerId), new("outcome", outcome.ToString().ToLowerInvariant()));
            metrics.DeliveryDuration.Record(result.LatencyMs / 1000.0, new KeyValuePair<string, object?>("integration", providerId));
            switch (outcome)
            {
                case AttemptOutcome.Failed:
                    LogFailed(logger, job.DeliveryId, job.MessageId, providerId, result.StatusCode, result.Error);
                    break;
                case AttemptOutcome.Retry:
                    LogWillRetry(logger, job.DeliveryId, job.MessageId, providerId, result.StatusCode, result.Error);
                    break;
                default:
                    LogDelivered(logger, job.DeliveryId, job.MessageId, providerId, result.LatencyMs);
                    break;
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            LogCutOff(logger, job.DeliveryId, job.MessageId);
        }
#pragma warning disable CA1031 // One delivery's fault must not stop the others; it stays 'delivering' and goes again when its lease runs out.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogCrashed(logger, job.DeliveryId, exception);
        }
        finally
        {
            // The lane's next delivery may go now.
            signal.Wake();
        }
    }

    /// <summary>
    /// Keeps an attempt's outcome: a delivered one with the next group of them (one write for many), any
    /// other alone, as is a delivered one whose group's write failed.
    /// </summary>
    private async Task<AttemptOutcome?> SettleAsync(DeliveryJob job, AttemptResult result, CancellationToken abort)
    {
        if (result.Outcome == AttemptOutcome.Delivered && !job.IsFirstMessage)
        {
            try
            {
                return await delivered.SettleAsync(job, result) ? AttemptOutcome.Delivered : null;
            }
#pragma warning disable CA1031 // Whatever the group's write threw, the attempt is recorded alone below, which waits out an outage.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogGroupFailed(logger, job.DeliveryId, exception);
            }
        }

        return await RecordAsync(job, result, abort);
    }

    /// <summary>
    /// Keeps an attempt's outcome, waiting out a store that cannot take it: the provider's answer must not
    /// be lost. An answer the store refuses (not an outage) fails the delivery with the store's reason
    /// instead, so it neither holds its lane nor is retried for ever.
    /// </summary>
    private async Task<AttemptOutcome?> RecordAsync(DeliveryJob job, AttemptResult result, CancellationToken abort)
    {
        while (true)
        {
            try
            {
                return await outbox.RecordAsync(job, result, CancellationToken.None);
            }
            catch (StoreRejectedException exception) when (result.Answer is not null || result.OpenedChat is not null)
            {
                LogAnswerRejected(logger, job.DeliveryId, exception.Message);
                result = result with
                {
                    Outcome = AttemptOutcome.Failed,
                    Answer = null,
                    OpenedChat = null,
                    RetryAfter = null,
                    Error = "The provider's answer could not be stored: " + exception.Message,
                };
            }
            catch (StoreUnavailableException exception) when (!abort.IsCancellationRequested)
            {
                LogStoreUnavailable(logger, exception);
                await Task.Delay(options.Value.PollInterval, time, abort);
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the store refused the provider's answer ({Reason}); the delivery fails with that reason")]
    private static partial void LogAnswerRejected(ILogger logger, long deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} deliveries interrupted by the last stop go again")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} (message {MessageId}) reached {ProviderId} in {LatencyMs} ms")]
    private static partial void LogDelivered(ILogger logger, long deliveryId, long messageId, string providerId, int latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} (message {MessageId}) to {ProviderId} failed ({StatusCode}) and will be tried again: {Error}")]
    private static partial void LogWillRetry(ILogger logger, long deliveryId, long messageId, string providerId, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} (message {MessageId}) to {ProviderId} failed for good ({StatusCode}): {Error}")]
    private static partial void LogFailed(ILogger logger, long deliveryId, long messageId, string providerId, int? statusCode, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} (message {MessageId}) was cut off by the stop; it goes back in line")]
    private static partial void LogCutOff(ILogger logger, long deliveryId, long messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} broke off; it goes again when its lease runs out")]
    private static partial void LogCrashed(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} (message {MessageId}): this hub's claim ran out before the attempt was recorded; another hub has taken it over")]
    private static partial void LogClaimLost(ILogger logger, long deliveryId, long messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; looking again at the next poll")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: its group of delivered attempts could not be settled; it is recorded alone")]
    private static partial void LogGroupFailed(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An attempt's outcome could not be stored; trying again")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
