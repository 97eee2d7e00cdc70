using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>The deliveries claimed for sending, and when the next waiting one falls due.</summary>
internal sealed record Claim(IReadOnlyList<DeliveryJob> Jobs, DateTimeOffset? NextDueAt);

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

/// <summary>
/// The deliveries in the store: queued in the same write as their message, claimed lane by lane by
/// the worker, settled after each attempt, and re-queued by hand. Every change goes through the
/// <see cref="StoreWriter"/>, so it is part of a committed transaction or of nothing.
/// </summary>
internal sealed partial class Outbox(
    StoreWriter writes,
    IDbContextFactory<HubDbContext> contexts,
    DeliverySignal signal,
    HubEvents events,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<Outbox> logger)
{
    /// <summary>How many failed deliveries one write of a bulk retry sends again.</summary>
    public const int RetryChunk = 500;

    /// <summary>
    /// Queues the delivery of <paramref name="message"/> (already saved, so it has its id) inside the
    /// caller's write; the caller raises the <see cref="DeliverySignal"/> once the write committed.
    /// </summary>
    public static MessageDelivery Enqueue(HubDbContext db, Message message, ChatTask task, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(task);
        var delivery = new MessageDelivery
        {
            MessageId = message.Id,
            IntegrationId = task.IntegrationId,
            Lane = task.ChatId is { } chatId ? MessageDelivery.ChatLane(chatId) : MessageDelivery.TaskLane(task.Id),
            State = DeliveryState.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.Deliveries.Add(delivery);
        return delivery;
    }

    /// <summary>
    /// SQLite (one hub process): deliveries a crashed hub left mid-attempt go back in line at once, first
    /// of their lanes, with the same messageId. On PostgreSQL other hubs may be sending right now; there
    /// a dead hub's deliveries go again when their leases run out.
    /// </summary>
    public Task<int> ResumeInterruptedAsync(CancellationToken cancellationToken) => writes.WriteAsync(
        (db, ct) => db is SqliteHubDbContext
            ? db.Deliveries
                .Where(d => d.State == DeliveryState.Delivering)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Pending).SetProperty(d => d.ClaimToken, (Guid?)null), ct)
            : Task.FromResult(0),
        cancellationToken);

    /// <summary>
    /// Marks up to <paramref name="max"/> due deliveries as under way for this hub, each the first
    /// unfinished one of its lane, so a lane never has two at once and its next one waits for this
    /// one's end. A delivery under way whose lease ran out (its hub died) is due again. Hubs claim side
    /// by side: each takes only what is still free when its update runs, so none is taken twice.
    /// </summary>
    public Task<Claim> ClaimAsync(int max, CancellationToken cancellationToken) => writes.WriteAsync(async (db, ct) =>
    {
        // One pass over the lanes answers both questions: the waiting heads in the order they fall due,
        // the due ones first, and one more than may be claimed, which says when to look again.
        var now = time.GetUtcNow();
        var heads = LaneHeads(db);
        var waiting = await Free(db.Deliveries.Where(d => heads.Contains(d.Id)), now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Take(max + 1)
            .Select(d => new { d.Id, d.NextAttemptAt })
            .ToListAsync(ct);
        var due = waiting.TakeWhile(d => d.NextAttemptAt <= now).Take(max).Select(d => d.Id).ToList();
        var next = waiting.Count > due.Count ? waiting[due.Count].NextAttemptAt : (DateTimeOffset?)null;
        if (due.Count == 0)
        {
            return new Claim([], next);
        }

        var token = Guid.NewGuid();
        var until = now + options.Value.LeaseTime;
        var taken = await Free(db.Deliveries.Where(d => due.Contains(d.Id)), now).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.State, DeliveryState.Delivering).SetProperty(d => d.ClaimToken, token).SetProperty(d => d.LeaseUntil, until),
            ct);
        var ids = taken == due.Count ? due
            : await db.Deliveries.Where(d => due.Contains(d.Id) && d.ClaimToken == token).Select(d => d.Id).ToListAsync(ct);
        var jobs = ids.Count == 0 ? [] : await LoadJobsAsync(db, [.. due.Where(ids.Contains)], ct);
        return new Claim([.. jobs.Select(job => job with { ClaimToken = token })], next);
    }, cancellationToken);

    /// <summary>Keeps this hub's claims (<paramref name="tokens"/>) for another lease time: the hub is alive and still sending.</summary>
    public Task<int> RenewAsync(IReadOnlyCollection<Guid> tokens, CancellationToken cancellationToken) => writes.WriteAsync((db, ct) =>
    {
        var claims = tokens.Select(t => (Guid?)t).ToList();
        var until = time.GetUtcNow() + options.Value.LeaseTime;
        return db.Deliveries
            .Where(d => d.State == DeliveryState.Delivering && claims.Contains(d.ClaimToken))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, until), ct);
    }, cancellationToken);

    /// <summary>Puts deliveries this hub claimed but did not finish (cut off by a stop) back in line at once, with the same messageId.</summary>
    public Task<int> ReleaseAsync(IReadOnlyCollection<Guid> tokens, CancellationToken cancellationToken) => writes.WriteAsync((db, ct) =>
    {
        var claims = tokens.Select(t => (Guid?)t).ToList();
        return db.Deliveries
            .Where(d => d.State == DeliveryState.Delivering && claims.Contains(d.ClaimToken))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Pending).SetProperty(d => d.ClaimToken, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
    }, cancellationToken);

    /// <summary>
    /// Keeps the attempt and settles the delivery: delivered, back in line for its next try, or failed
    /// for good. A first message's answer links the task to the chat the provider opened.
    /// Returns the outcome as settled (a retry past the schedule's end is a failure), or null when this
    /// hub's claim was lost meanwhile (it stalled past its lease and another hub took the delivery over).
    /// </summary>
    public async Task<AttemptOutcome?> RecordAsync(DeliveryJob job, AttemptResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var outcome = await RecordAttemptAsync(job, result, cancellationToken);
        if (outcome is { } settled && settled != AttemptOutcome.Retry)
        {
            events.Publish(new HubEvent(HubEventKind.MessageStatusChanged, job.TaskNumber, job.MessageId));
        }

        return outcome;
    }

    private Task<AttemptOutcome?> RecordAttemptAsync(DeliveryJob job, AttemptResult result, CancellationToken cancellationToken) => writes.WriteAsync<AttemptOutcome?>(StoreWriter.TaskOrder(job.TaskNumber), null, async (db, ct) =>
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
    }, cancellationToken);

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
        }, cancellationToken);
        if (result.Refusal == RetryRefusal.None)
        {
            signal.Notify();
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
            }, cancellationToken);
            ids.AddRange(chunk);
            if (chunk.Count > 0)
            {
                signal.Notify();
                await PublishRequeuedAsync(chunk, cancellationToken);
            }

            if (chunk.Count < RetryChunk)
            {
                return ids;
            }

            after = chunk[^1];
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

    /// <summary>
    /// When the longest-waiting delivery that may be sent now fell due (the head of its lane, pending, its
    /// time come), or null when none is due: for health and metrics.
    /// </summary>
    public static Task<DateTimeOffset?> OldestDueAsync(HubDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var heads = LaneHeads(db);
        return db.Deliveries
            .Where(d => heads.Contains(d.Id) && d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => (DateTimeOffset?)d.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Deliveries no hub holds: waiting, or under way by a hub whose lease ran out.</summary>
    private static IQueryable<MessageDelivery> Free(IQueryable<MessageDelivery> deliveries, DateTimeOffset now) => deliveries
        .Where(d => d.State == DeliveryState.Pending || (d.State == DeliveryState.Delivering && d.LeaseUntil < now));

    /// <summary>
    /// The first unfinished delivery of each lane: the only one of the lane that may be sent. Read from
    /// a partial (Lane, Id) index over the unfinished deliveries, so a claim costs the backlog, not the
    /// history (it had been a scan of every delivery ever made: 7 ms at 14,000 on PostgreSQL).
    /// </summary>
    private static IQueryable<long> LaneHeads(HubDbContext db) => db.Deliveries
        .Where(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Delivering)
        .GroupBy(d => d.Lane)
        .Select(g => g.Min(d => d.Id));

    private static async Task<List<DeliveryJob>> LoadJobsAsync(HubDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        var jobs = await (
                from d in db.Deliveries
                where ids.Contains(d.Id)
                join m in db.Messages on d.MessageId equals m.Id
                join t in db.Tasks on m.TaskId equals t.Id
                join c in db.Contacts on t.ContactId equals c.Id
                join chat in db.Chats on t.ChatId equals (long?)chat.Id into chats
                from chat in chats.DefaultIfEmpty()
                select new DeliveryJob(
                    d.Id,
                    d.MessageId,
                    d.IntegrationId,
                    t.Number,
                    m.Text,
                    m.AuthorEmployeeId,
                    m.Attachments.OrderBy(a => a.Position).Select(a => new Attachment(a.Name, a.Url)).ToList(),
                    chat == null ? null : chat.ExternalId,
                    chat == null ? null : chat.Channel,
                    c.Phone))
            .AsSingleQuery()
            .ToListAsync(cancellationToken);
        return [.. jobs.OrderBy(j => ids.IndexOf(j.DeliveryId))];
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
