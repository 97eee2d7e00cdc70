using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>What a retry by hand came to.</summary>
internal enum RetryRefusal
{
    None,
    NotFound,

    /// <summary>An attempt is under way right now.</summary>
    Delivering,

    /// <summary>The provider took it.</summary>
    Delivered,

    /// <summary>It waits for an earlier delivery of its chat, which goes first.</summary>
    Behind,
}

/// <summary>A retry's outcome; <see cref="Ahead"/> names the delivery a <see cref="RetryRefusal.Behind"/> one waits for.</summary>
internal readonly record struct RetryResult(RetryRefusal Refusal, long? Ahead = null);

/// <summary>The outbox's retries by hand: one delivery, or an integration's failures after an outage.</summary>
internal sealed partial class Outbox
{
    /// <summary>How many failed deliveries one write of a bulk retry sends again.</summary>
    public const int RetryChunk = 500;

    /// <summary>
    /// Sends a delivery now: a failed one again, from the start of the retry schedule; one waiting for its
    /// next attempt at once. Refused, with the reason, when it is under way, delivered, or behind an
    /// earlier delivery of its chat.
    /// </summary>
    public async Task<RetryResult> RetryAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var result = await writes.WriteAsync(async (db, ct) =>
        {
            var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
            switch (delivery?.State)
            {
                case null:
                    return new RetryResult(RetryRefusal.NotFound);
                case DeliveryState.Delivering:
                    return new RetryResult(RetryRefusal.Delivering);
                case DeliveryState.Delivered:
                    return new RetryResult(RetryRefusal.Delivered);
                case DeliveryState.Failed:
                    await RequeueAsync(db, [delivery], ct);
                    return new RetryResult(RetryRefusal.None);
            }

            var lane = delivery.Lane;
            var head = await db.Deliveries
                .Where(d => d.Lane == lane && (d.State == DeliveryState.Pending || d.State == DeliveryState.Delivering))
                .MinAsync(d => d.Id, ct);
            if (head != delivery.Id)
            {
                return new RetryResult(RetryRefusal.Behind, head);
            }

            delivery.NextAttemptAt = time.GetUtcNow();
            return new RetryResult(RetryRefusal.None);
        }, WakeWhenRequeued, cancellationToken);
        if (result.Refusal == RetryRefusal.None)
        {
            await PublishRequeuedAsync([deliveryId], cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Sends again every failed delivery of an integration written in [<paramref name="from"/>, <paramref name="to"/>),
    /// e.g. after the provider's outage. They keep their places, so each lane gets them in its order.
    /// </summary>
    public async Task<IReadOnlyList<long>> RetryFailedAsync(int integrationId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        // In chunks, each its own write: an outage's thousands of failures never make one huge transaction
        // that holds the writer (and every request waiting on it). Chunks go in id order, so lanes keep theirs.
        var ids = new List<long>();
        var after = 0L;
        while (true)
        {
            var chunk = await writes.WriteAsync(async (db, ct) =>
            {
                var query = db.Deliveries.Where(d => d.IntegrationId == integrationId && d.State == DeliveryState.Failed && d.Id > after);
                if (from is { } start)
                {
                    query = query.Where(d => d.CreatedAt >= start);
                }

                if (to is { } end)
                {
                    query = query.Where(d => d.CreatedAt < end);
                }

                var failed = await query.OrderBy(d => d.Id).Take(RetryChunk).ToListAsync(ct);
                await RequeueAsync(db, failed, ct);
                return failed.Select(d => d.Id).ToList();
            },
            requeued =>
            {
                // Committed: the worker sends them now, not at its next poll, even if the caller is gone.
                if (requeued.Count > 0)
                {
                    signal.Notify();
                }
            },
            cancellationToken);
            ids.AddRange(chunk);
            if (chunk.Count > 0)
            {
                await PublishRequeuedAsync(chunk, cancellationToken);
            }

            if (chunk.Count < RetryChunk)
            {
                return ids;
            }

            after = chunk[^1];
        }
    }

    /// <summary>Run by the writer once a retry by hand committed: the worker sends the delivery now, not at its next poll.</summary>
    private void WakeWhenRequeued(RetryResult result)
    {
        if (result.Refusal == RetryRefusal.None)
        {
            signal.Notify();
        }
    }

    /// <summary>Tells open pages that the messages of deliveries sent again show the clock again.</summary>
    private async Task PublishRequeuedAsync(IReadOnlyList<long> deliveryIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var requeued = await (
                from d in db.Deliveries
                where deliveryIds.Contains(d.Id)
                join m in db.Messages on d.MessageId equals m.Id
                join t in db.Tasks on m.TaskId equals t.Id
                select new { t.Number, m.Id })
            .ToListAsync(cancellationToken);
        foreach (var message in requeued)
        {
            events.Publish(new HubEvent(HubEventKind.MessageStatusChanged, message.Number, message.Id));
        }
    }

    private async Task RequeueAsync(HubDbContext db, List<MessageDelivery> deliveries, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var messageIds = deliveries.Select(d => d.MessageId).ToList();
        var messages = await db.Messages.Where(m => messageIds.Contains(m.Id)).AsSplitQuery().ToDictionaryAsync(m => m.Id, cancellationToken);
        foreach (var delivery in deliveries)
        {
            delivery.State = DeliveryState.Pending;
            delivery.AttemptCount = 0;
            delivery.NextAttemptAt = now;
            delivery.FinishedAt = null;
            var message = messages[delivery.MessageId];
            MessageTicks.KeepBounded(message.StatusEvents);
            message.StatusEvents.Add(new MessageStatusEvent { At = now, Status = DeliveryStatus.Pending, Text = "Sent again by hand.", Source = StatusSource.Delivery });

            // The error sign gives way to the clock again; ticks the provider reported stay.
            if (message.Status == DeliveryStatus.Error)
            {
                message.Status = DeliveryStatus.Pending;
                message.StatusText = null;
            }
        }
    }
}
