using Microsoft.Extensions.Options;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Delivers one lane's run (deliveries of one chat claimed together, in order) back to back. A delivered
/// attempt joins the next settled group (<see cref="DeliveredBatch"/>) and the next call goes at once,
/// without waiting for that write: the provider gets the chat's messages in order, each after the one
/// before it was taken, and the store's commits no longer pace the lane. The run waits for all its settles
/// at its end, so its deliveries stay this hub's (and out of its claims) until each is settled. Any other
/// outcome (to be tried again, failed, a first message) is recorded alone as before, and the rest of the
/// run goes back in line at once, so a delivery that will be tried again still holds its lane. A settle
/// that finds this hub's claim lost stops the run, and so does a lease this hub could not renew in time
/// (a frozen or starved hub must not go on sending what another hub may have taken over). A crash re-sends
/// from the first unsettled delivery on, with the same messageId.
/// </summary>
internal sealed partial class LaneRun(
    Outbox outbox,
    DeliveredBatch delivered,
    ProviderCaller caller,
    DeliverySignal signal,
    IntegrationRegistry registry,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    HubMetrics metrics,
    ILogger<LaneRun> logger)
{
    /// <summary>
    /// Sends <paramref name="run"/> in order, each call only while the run's lease is known to hold
    /// (<paramref name="leaseUntil"/>, on the hub's clock). Stops starting calls once <paramref name="stopping"/>
    /// is raised (what is left goes back in line with the stop's release); <paramref name="abort"/> cuts off
    /// the call under way. Never throws.
    /// </summary>
    public async Task DeliverAsync(IReadOnlyList<DeliveryJob> run, Func<DateTimeOffset> leaseUntil, CancellationToken stopping, CancellationToken abort)
    {
        var settles = new List<Task<bool>>(run.Count);
        var next = 0;
        var goesOn = true;
        try
        {
            while (next < run.Count && goesOn)
            {
                // A lost claim (another hub took the lane over) or a stop ends the run between calls.
                if (next > 0 && (stopping.IsCancellationRequested || settles.Exists(s => s.IsCompletedSuccessfully && !s.Result)))
                {
                    goesOn = false;
                    break;
                }

                if (time.GetUtcNow() >= leaseUntil())
                {
                    LogLeaseLapsed(logger, run[next].DeliveryId, run.Count - next);
                    goesOn = false;
                    break;
                }

                var job = run[next++];
                var result = await caller.CallAsync(job, abort);
                if (result.Outcome == AttemptOutcome.Delivered && !job.IsFirstMessage)
                {
                    settles.Add(SettleAsync(job, result, abort));
                }
                else
                {
                    goesOn = false;
                    Report(job, result, await RecordAsync(job, result, abort));
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            var job = run[Math.Max(next - 1, 0)];
            LogCutOff(logger, job.DeliveryId, job.MessageId);
        }
#pragma warning disable CA1031 // One lane's fault must not stop the others; its deliveries stay 'delivering' and go again when their leases run out.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogCrashed(logger, run[Math.Max(next - 1, 0)].DeliveryId, exception);
        }

        // The settles end on their own (each waits out an outage, or is cut off by the abort).
        await Task.WhenAll(settles);
        if (!goesOn && next < run.Count && !stopping.IsCancellationRequested)
        {
            await PutBackAsync(run, next);
        }

        // The lane's next deliveries may go now.
        signal.Wake();
    }

    /// <summary>The rest of the run, from <paramref name="from"/> on, back in line now: the next claim takes the lane up from there.</summary>
    private async Task PutBackAsync(IReadOnlyList<DeliveryJob> run, int from)
    {
        try
        {
            await outbox.PutBackAsync(run[0].ClaimToken, [.. run.Skip(from).Select(job => job.DeliveryId)], CancellationToken.None);
        }
#pragma warning disable CA1031 // They go again when their leases run out, in order behind the lane's head.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogPutBackFailed(logger, run[from].DeliveryId, exception);
        }
    }

    /// <summary>
    /// Keeps a delivered attempt's outcome with the next group; one whose group's write failed is recorded
    /// alone. True when settled, false when this hub's claim was lost or the outcome could not be kept.
    /// </summary>
    private async Task<bool> SettleAsync(DeliveryJob job, AttemptResult result, CancellationToken abort)
    {
        AttemptOutcome? outcome;
        try
        {
            try
            {
                outcome = await delivered.SettleAsync(job, result) ? AttemptOutcome.Delivered : null;
            }
#pragma warning disable CA1031 // Whatever the group's write threw, the attempt is recorded alone below, which waits out an outage.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogGroupFailed(logger, job.DeliveryId, exception);
                outcome = await RecordAsync(job, result, abort);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            LogCutOff(logger, job.DeliveryId, job.MessageId);
            return false;
        }
#pragma warning disable CA1031 // The delivery stays 'delivering' and goes again when its lease runs out; the run stops.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogCrashed(logger, job.DeliveryId, exception);
            return false;
        }

        Report(job, result, outcome);
        return outcome is not null;
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

    /// <summary>Counts and logs an attempt as settled; null: this hub's claim was lost before it was kept.</summary>
    private void Report(DeliveryJob job, AttemptResult result, AttemptOutcome? settled)
    {
        if (settled is not { } outcome)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the store refused the provider's answer ({Reason}); the delivery fails with that reason")]
    private static partial void LogAnswerRejected(ILogger logger, long deliveryId, string reason);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: its group of delivered attempts could not be settled; it is recorded alone")]
    private static partial void LogGroupFailed(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} and the rest of its run could not go back in line now; they go again when their leases run out")]
    private static partial void LogPutBackFailed(ILogger logger, long deliveryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} and the {Count} deliveries of its run from it on are not sent now: this hub's lease on them may have run out (its claims were not renewed in time); they go back in line")]
    private static partial void LogLeaseLapsed(ILogger logger, long deliveryId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "An attempt's outcome could not be stored; trying again")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
