using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>The outbox's outcomes: each attempt kept and its delivery settled.</summary>
internal sealed partial class Outbox
{
    /// <summary>
    /// Keeps the attempt and settles the delivery: delivered, back in line for its next try, or failed
    /// for good. A first message's answer links the task to the chat the provider opened.
    /// Returns the outcome as settled (a retry past the schedule's end is a failure), or null when this
    /// hub's claim was lost meanwhile (it stalled past its lease and another hub took the delivery over).
    /// </summary>
    public async Task<AttemptOutcome?> RecordAsync(DeliveryJob job, AttemptResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await RecordAttemptAsync(job, result, outcome =>
        {
            // Committed: open pages show the ticks or the error sign (a retry changes neither).
            if (outcome is { } settled && settled != AttemptOutcome.Retry)
            {
                events.Publish(new HubEvent(HubEventKind.MessageStatusChanged, job.TaskNumber, job.MessageId));
            }
        },
        cancellationToken);
    }

    /// <summary>
    /// Settles many delivered attempts (none a first message) in one write: what the worker's attempts
    /// come to nearly always, so a busy outbox pays one transaction for a whole group of them. True where
    /// the delivery was settled; false where this hub's claim was lost meanwhile (see <see cref="RecordAsync"/>).
    /// </summary>
    public async Task<bool[]> RecordDeliveredAsync(IReadOnlyList<(DeliveryJob Job, AttemptResult Result)> attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        return await writes.WriteAsync(
            (db, ct) => Task.FromResult(DeliveredSql.Settle(db, attempts, time.GetUtcNow())),
            settled =>
            {
                // Committed: open pages show the tick of each delivery settled here.
                for (var i = 0; i < attempts.Count; i++)
                {
                    if (settled[i])
                    {
                        events.Publish(new HubEvent(HubEventKind.MessageStatusChanged, attempts[i].Job.TaskNumber, attempts[i].Job.MessageId));
                    }
                }
            },
            cancellationToken);
    }

    private Task<AttemptOutcome?> RecordAttemptAsync(DeliveryJob job, AttemptResult result, Action<AttemptOutcome?> committed, CancellationToken cancellationToken) => writes.WriteAsync<AttemptOutcome?>(StoreWriter.TaskOrder(job.TaskNumber), null, async (db, ct) =>
    {
        var now = time.GetUtcNow();
        var delivery = await db.Deliveries.SingleAsync(d => d.Id == job.DeliveryId, ct);
        if (delivery.State != DeliveryState.Delivering || delivery.ClaimToken != job.ClaimToken)
        {
            return null;
        }

        delivery.ClaimToken = null;
        delivery.LeaseUntil = null;
        // One round trip: a message has a few attachments and status events, so joining both costs less
        // than a query for each, which the writer (and everyone waiting on it) would wait through.
        var message = await db.Messages.AsSingleQuery().SingleAsync(m => m.Id == job.MessageId, ct);
        delivery.AttemptCount++;
        var outcome = result.Outcome;
        var error = result.Error;
        if (outcome == AttemptOutcome.Retry)
        {
            if (NextAttemptAt(delivery.AttemptCount, now, result.RetryAfter) is { } next)
            {
                delivery.NextAttemptAt = next;
            }
            else
            {
                outcome = AttemptOutcome.Failed;
                error = $"Gave up after {delivery.AttemptCount} attempts. The last: {error}";
            }
        }

        if (outcome == AttemptOutcome.Delivered && result.OpenedChat is { } opened && job.IsFirstMessage)
        {
            await LinkChatAsync(db, delivery, message.TaskId, opened, now, ct);
        }

        db.DeliveryAttempts.Add(new DeliveryAttempt
        {
            DeliveryId = delivery.Id,
            At = result.At,
            StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs,
            Answer = result.Answer,
            Error = Shorten(error),
            Outcome = outcome,
        });
        delivery.LastError = Shorten(error);
        switch (outcome)
        {
            case AttemptOutcome.Delivered:
                delivery.State = DeliveryState.Delivered;
                delivery.FinishedAt = now;
                Settle(message, DeliveryStatus.Sent, null, now);
                break;
            case AttemptOutcome.Failed:
                delivery.State = DeliveryState.Failed;
                delivery.FinishedAt = now;
                Settle(message, DeliveryStatus.Error, Shorten(error), now);
                break;
            default:
                delivery.State = DeliveryState.Pending;
                break;
        }

        return outcome;
    }, committed, cancellationToken);

    /// <summary>
    /// Links the task of a first message to the chat the provider opened: the chat (new, or one the hub
    /// already knows by that id) gets the task as its current one, so the contact's answers land there.
    /// The task's deliveries still waiting move to the chat's lane, keeping their order.
    /// </summary>
    private async Task LinkChatAsync(HubDbContext db, MessageDelivery delivery, long taskId, ProviderAnswer opened, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId, cancellationToken);
        if (task.ChatId is not null)
        {
            return;
        }

        var contact = await db.Contacts.SingleAsync(c => c.Id == task.ContactId, cancellationToken);
        if (!string.Equals(contact.ExternalId, opened.ContactId, StringComparison.Ordinal))
        {
            // The provider names the contact by its own id from now on: the contact written to takes it,
            // unless another contact already holds it.
            if (await db.Contacts.AnyAsync(c => c.IntegrationId == delivery.IntegrationId && c.ExternalId == opened.ContactId, cancellationToken))
            {
                LogOtherContact(logger, delivery.Id);
            }
            else
            {
                contact.ExternalId = opened.ContactId!;
                contact.UpdatedAt = now;
            }
        }

        var chat = await db.Chats.SingleOrDefaultAsync(c => c.IntegrationId == delivery.IntegrationId && c.ExternalId == opened.ChatId, cancellationToken);
        if (chat is null)
        {
            chat = new Chat { IntegrationId = delivery.IntegrationId, ExternalId = opened.ChatId!, ContactId = task.ContactId, CreatedAt = now };
            db.Chats.Add(chat);
            await db.SaveChangesAsync(cancellationToken);
        }

        chat.CurrentTaskId = task.Id;
        task.ChatId = chat.Id;
        var taskLane = MessageDelivery.TaskLane(task.Id);
        foreach (var waiting in await db.Deliveries.Where(d => d.Lane == taskLane).ToListAsync(cancellationToken))
        {
            waiting.Lane = MessageDelivery.ChatLane(chat.Id);
        }
    }
    /// <summary>The next try after <paramref name="attempts"/> failed ones, or null when the schedule is spent.</summary>
    private DateTimeOffset? NextAttemptAt(int attempts, DateTimeOffset now, TimeSpan? retryAfter)
    {
        var settings = options.Value;
        var schedule = settings.Schedule;
        if (attempts > schedule.Count)
        {
            return null;
        }

#pragma warning disable CA5394 // Jitter spreads retries; it guards nothing.
        var wait = schedule[attempts - 1] * (1 + (((Random.Shared.NextDouble() * 2) - 1) * settings.Jitter));
#pragma warning restore CA5394
        return now + (retryAfter > wait ? retryAfter.Value : wait);
    }

    /// <summary>Adds the delivery's outcome to the message's timeline; its ticks only move forward.</summary>
    private static void Settle(Message message, DeliveryStatus status, string? text, DateTimeOffset now)
    {
        MessageTicks.KeepBounded(message.StatusEvents);
        message.StatusEvents.Add(new MessageStatusEvent { At = now, Status = status, Text = text, Source = StatusSource.Delivery });
        if (MessageTicks.MovesForward(message.Status ?? DeliveryStatus.Pending, status))
        {
            message.Status = status;
            message.StatusText = text;
        }
    }

    /// <summary>An error as kept: it may quote the provider, so it is cleaned and cut like any outside text.</summary>
    private static string? Shorten(string? error) => error is null ? null : StorableText.Shorten(error, DeliveryAttempt.MaxErrorLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the provider opened the chat for a contactId another contact already holds; the chat is linked to the contact written to, and both contacts stay")]
    private static partial void LogOtherContact(ILogger logger, long deliveryId);
}
