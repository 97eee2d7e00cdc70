using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>The deliveries claimed for sending, a run of each lane in its order, and when the next waiting one falls due.</summary>
internal sealed record Claim(IReadOnlyList<IReadOnlyList<DeliveryJob>> Runs, DateTimeOffset? NextDueAt);

/// <summary>
/// The deliveries in the store: queued in the same write as their message, claimed lane by lane by
/// the worker (here), settled after each attempt (OutboxOutcomes.cs), and re-queued by hand
/// (OutboxRetries.cs). Every change goes through the
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
    /// <summary>The most deliveries one claim takes, runs and all: keeps its write and the jobs it reads bounded.</summary>
    public const int MaxClaimed = 1024;

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
    /// Claims, for this hub, up to <paramref name="lanes"/> lanes whose first unfinished delivery is due,
    /// each with a run: its head and the due deliveries right behind it, up to
    /// <see cref="DeliveryOptions.LaneRun"/> (at most <see cref="MaxClaimed"/> in all). A lane is held by
    /// one claim at a time, and the hub holding it sends its run in order, each delivery after the one
    /// before it was taken. A delivery under way whose lease ran out (its hub died) is free again.
    /// Hubs claim side by side: each takes only what is still free when its update runs, so none is taken
    /// twice. <paramref name="sending"/> are the deliveries this hub still sends: never taken again here,
    /// even when a store too busy to renew their leases in time let them run out.
    /// </summary>
    public Task<Claim> ClaimAsync(int lanes, IReadOnlyCollection<long> sending, CancellationToken cancellationToken) => writes.WriteAsync(async (db, ct) =>
    {
        // One pass over the lanes answers both questions: the waiting heads in the order they fall due,
        // the due ones first, and one more than may be claimed, which says when to look again.
        var now = time.GetUtcNow();
        var heads = LaneHeads(db);
        var waiting = await Free(db.Deliveries.Where(d => heads.Contains(d.Id) && !sending.Contains(d.Id)), now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Take(lanes + 1)
            .Select(d => new { d.Id, d.Lane, d.NextAttemptAt })
            .ToListAsync(ct);
        var due = waiting.TakeWhile(d => d.NextAttemptAt <= now).Take(lanes).Select(d => (d.Id, d.Lane)).ToList();
        var next = waiting.Count > due.Count ? waiting[due.Count].NextAttemptAt : (DateTimeOffset?)null;
        if (due.Count == 0)
        {
            return new Claim([], next);
        }

        var runs = await PlanRunsAsync(db, due, sending, now, ct);
        var ids = runs.SelectMany(run => run).ToList();
        var token = Guid.NewGuid();
        var until = now + options.Value.LeaseTime;
        var taken = await Free(db.Deliveries.Where(d => ids.Contains(d.Id) && d.NextAttemptAt <= now), now).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.State, DeliveryState.Delivering).SetProperty(d => d.ClaimToken, token).SetProperty(d => d.LeaseUntil, until),
            ct);
        var ours = taken == ids.Count ? ids
            : await db.Deliveries.Where(d => ids.Contains(d.Id) && d.ClaimToken == token).Select(d => d.Id).ToListAsync(ct);
        var jobs = (ours.Count == 0 ? [] : await LoadJobsAsync(db, ours, ct)).ToDictionary(job => job.DeliveryId, job => job with { ClaimToken = token });

        // A run goes from its head on without a gap: another hub may have taken part of a lane meanwhile
        // (PostgreSQL), and what this claim took behind a delivery it did not take goes back in line now.
        var kept = runs.Select(run => run.TakeWhile(jobs.ContainsKey).ToList()).Where(run => run.Count > 0).ToList();
        if (kept.Sum(run => run.Count) < ours.Count)
        {
            await PutBackAsync(db, token, [.. ours.Except(kept.SelectMany(run => run))], ct);
        }

        return new Claim([.. kept.Select(run => (IReadOnlyList<DeliveryJob>)[.. run.Select(id => jobs[id])])], next);
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

    /// <summary>
    /// Puts the rest of a lane's run back in line at once (pending, unclaimed, the same messageId), after an
    /// attempt of the run that did not go through: a delivery that will be tried again holds its lane as
    /// before. Only what this claim still holds goes back.
    /// </summary>
    public Task<int> PutBackAsync(Guid token, IReadOnlyCollection<long> deliveries, CancellationToken cancellationToken) =>
        writes.WriteAsync((db, ct) => PutBackAsync(db, token, deliveries, ct), cancellationToken);

    /// <summary>Puts deliveries this hub claimed but did not finish (cut off by a stop) back in line at once, with the same messageId.</summary>
    public Task<int> ReleaseAsync(IReadOnlyCollection<Guid> tokens, CancellationToken cancellationToken) => writes.WriteAsync((db, ct) =>
    {
        var claims = tokens.Select(t => (Guid?)t).ToList();
        return db.Deliveries
            .Where(d => d.State == DeliveryState.Delivering && claims.Contains(d.ClaimToken))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Pending).SetProperty(d => d.ClaimToken, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
    }, cancellationToken);

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

    private static Task<int> PutBackAsync(HubDbContext db, Guid token, IReadOnlyCollection<long> deliveries, CancellationToken cancellationToken) => db.Deliveries
        .Where(d => deliveries.Contains(d.Id) && d.State == DeliveryState.Delivering && d.ClaimToken == token)
        .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Pending).SetProperty(d => d.ClaimToken, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>
    /// Each due head with the deliveries right behind it that may go now and that this hub does not still
    /// send, stopping at the first that may not (a run has no gap). A task's lane is its head alone: that
    /// first message opens the chat, and what waits behind it moves to the chat's lane, to go as replies.
    /// </summary>
    private async Task<List<List<long>>> PlanRunsAsync(HubDbContext db, List<(long Id, string Lane)> heads, IReadOnlyCollection<long> sending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var length = options.Value.LaneRun;
        var chatHeads = length == 1 ? [] : heads.Where(h => !MessageDelivery.IsTaskLane(h.Lane)).ToList();
        var lanes = chatHeads.Count == 0 ? new Dictionary<long, List<(long Id, bool Ready)>>() : await LaneRunSql.ReadAsync(db, chatHeads, length, now, cancellationToken);
        var busy = sending.ToHashSet();
        var room = MaxClaimed - heads.Count;
        var runs = new List<List<long>>(heads.Count);
        foreach (var (head, _) in heads)
        {
            var run = new List<long> { head };
            if (lanes.TryGetValue(head, out var lane) && lane.Count > 0 && lane[0].Id == head)
            {
                foreach (var (id, ready) in lane.Skip(1))
                {
                    if (room == 0 || !ready || busy.Contains(id))
                    {
                        break;
                    }

                    run.Add(id);
                    room--;
                }
            }

            runs.Add(run);
        }

        return runs;
    }

    /// <summary>Deliveries no hub holds: waiting, or under way by a hub whose lease ran out.</summary>
    private static IQueryable<MessageDelivery> Free(IQueryable<MessageDelivery> deliveries, DateTimeOffset now) => deliveries
        .Where(d => d.State == DeliveryState.Pending || (d.State == DeliveryState.Delivering && d.LeaseUntil < now));

    /// <summary>
    /// The first unfinished delivery of each lane: where a claim of the lane starts (nothing behind it goes
    /// before it). Read from a partial (Lane, Id) index over the unfinished deliveries, so a claim costs the
    /// backlog, not the history (it had been a scan of every delivery ever made: 7 ms at 14,000 on PostgreSQL).
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
        return jobs;
    }
}
