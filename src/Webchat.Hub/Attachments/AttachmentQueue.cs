using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Storage;
using Webchat.Hub.Uploads;

namespace Webchat.Hub.Attachments;

/// <summary>A file to fetch, claimed by this hub with <paramref name="ClaimToken"/>.</summary>
internal sealed record CopyJob(long MessageId, int Position, string Name, string Url, int Attempts, Guid ClaimToken);

/// <summary>
/// The durable queue of copies (<see cref="AttachmentCopy"/>), written through the store's writer. Hubs
/// share it as they share the delivery outbox: each claims what is still free when its update runs, so
/// a file is fetched once, and a claim whose lease ran out (its hub died) is free again.
/// </summary>
internal sealed class AttachmentQueue(StoreWriter writes, IDbContextFactory<HubDbContext> contexts, IOptions<AttachmentOptions> options, TimeProvider time)
{
    /// <summary>Attachments this far below the newest queued one are looked at again: a message committed late by another writer is not skipped.</summary>
    private const int LookBack = 1000;

    private const int ScanSize = 200;

    /// <summary>The attachment rows without a copy row, from a little below the newest copy row on: what the scan looks at.</summary>
    private const string NewAttachments = """
        FROM "MessageAttachments" AS a
        JOIN "Messages" AS m ON m."Id" = a."MessageId"
        WHERE a."MessageId" > COALESCE((SELECT MAX(c."MessageId") FROM "AttachmentCopies" AS c), 0) - {0}
            AND NOT EXISTS (SELECT 1 FROM "AttachmentCopies" AS q WHERE q."MessageId" = a."MessageId" AND q."Position" = a."Position")
        """;

    /// <summary>
    /// Queues the attachments of inbound messages and echoes, oldest first; the hub's own messages' files
    /// get a skipped row, so the scan moves past them. The inbound path stays as it is: the scan finds new
    /// attachment rows by message id.
    /// </summary>
    private const string EnqueueSql =
        "INSERT INTO \"AttachmentCopies\" (\"MessageId\", \"Position\", \"State\", \"Attempts\", \"DueAt\", \"CreatedAt\") "
        + "SELECT a.\"MessageId\", a.\"Position\", CASE WHEN m.\"Direction\" IN (0, 1) THEN 0 ELSE 4 END, 0, {1}, {1} "
        + NewAttachments
        + " ORDER BY a.\"MessageId\", a.\"Position\" LIMIT {2} ON CONFLICT DO NOTHING";

    private const string AnyNewSql = "SELECT COUNT(*) AS \"Value\" FROM (SELECT 1 AS \"One\" " + NewAttachments + " LIMIT 1) AS n";

    /// <summary>Queues new attachments; returns how many rows were added. Asks first, so an idle hub does not write.</summary>
    public async Task<int> EnqueueAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.Database.SqlQueryRaw<long>(AnyNewSql, LookBack).ToListAsync(cancellationToken);
            if (found is [0])
            {
                return 0;
            }
        }

        return await writes.WriteAsync(
            (db, ct) => db.Database.ExecuteSqlRawAsync(EnqueueSql, [LookBack, db.TimeValue(time.GetUtcNow()), ScanSize], ct),
            cancellationToken);
    }

    /// <summary>Claims up to <paramref name="max"/> due copies for this hub. Asks first, so an idle hub does not write.</summary>
    public async Task<IReadOnlyList<CopyJob>> ClaimAsync(int max, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (!await Free(db.AttachmentCopies, now).AnyAsync(c => c.DueAt <= now, cancellationToken))
            {
                return [];
            }
        }

        return await writes.WriteAsync(ClaimDueAsync(max), cancellationToken);
    }

    private Func<HubDbContext, CancellationToken, Task<IReadOnlyList<CopyJob>>> ClaimDueAsync(int max) => async (db, ct) =>
    {
        var now = time.GetUtcNow();
        var due = await Free(db.AttachmentCopies, now)
            .Where(c => c.DueAt <= now)
            .OrderBy(c => c.DueAt).ThenBy(c => c.MessageId).ThenBy(c => c.Position)
            .Take(max)
            .Select(c => new { c.MessageId, c.Position })
            .ToListAsync(ct);
        var jobs = new List<CopyJob>(due.Count);
        foreach (var copy in due)
        {
            var token = Guid.NewGuid();
            var taken = await Free(db.AttachmentCopies.Where(c => c.MessageId == copy.MessageId && c.Position == copy.Position), now)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(c => c.State, AttachmentCopyState.Copying)
                        .SetProperty(c => c.ClaimToken, token)
                        .SetProperty(c => c.LeaseUntil, now + options.Value.LeaseTime)
                        .SetProperty(c => c.Attempts, c => c.Attempts + 1),
                    ct);
            if (taken == 1)
            {
                var file = await db.Messages.Where(m => m.Id == copy.MessageId)
                    .SelectMany(m => m.Attachments).Where(a => a.Position == copy.Position)
                    .Select(a => new { a.Name, a.Url })
                    .SingleAsync(ct);
                var attempts = await db.AttachmentCopies.Where(c => c.MessageId == copy.MessageId && c.Position == copy.Position).Select(c => c.Attempts).SingleAsync(ct);
                jobs.Add(new CopyJob(copy.MessageId, copy.Position, file.Name, file.Url, attempts, token));
            }
        }

        return jobs;
    };

    /// <summary>Keeps the copy: its file becomes an upload, served at <c>/files</c>. False when the claim was lost (the file is not kept then).</summary>
    public Task<bool> CopiedAsync(CopyJob job, StagedUpload file, CancellationToken cancellationToken) => writes.WriteAsync(async (db, ct) =>
    {
        var now = time.GetUtcNow();
        var recorded = await Claimed(db, job).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.State, AttachmentCopyState.Copied)
                .SetProperty(c => c.FileId, file.Id)
                .SetProperty(c => c.Error, (string?)null)
                .SetProperty(c => c.ClaimToken, (Guid?)null)
                .SetProperty(c => c.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(c => c.FinishedAt, now),
            ct);
        if (recorded == 1)
        {
            db.Uploads.Add(file.ToUpload(now));
            await db.SaveChangesAsync(ct);
        }

        return recorded == 1;
    }, cancellationToken);

    /// <summary>Records a failed fetch: due again after a wait, or failed for good when refused or out of attempts.</summary>
    public Task FailedAsync(CopyJob job, FetchOutcome outcome, CancellationToken cancellationToken) => writes.WriteAsync(async (db, ct) =>
    {
        var now = time.GetUtcNow();
        var final = !outcome.Retry || job.Attempts >= options.Value.MaxAttempts;
        var error = outcome.Error is { Length: > AttachmentCopy.MaxErrorLength } tooLong ? tooLong[..AttachmentCopy.MaxErrorLength] : outcome.Error;
        return await Claimed(db, job).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.State, final ? AttachmentCopyState.Failed : AttachmentCopyState.Pending)
                .SetProperty(c => c.Error, error)
                .SetProperty(c => c.DueAt, now + options.Value.WaitAfter(job.Attempts))
                .SetProperty(c => c.ClaimToken, (Guid?)null)
                .SetProperty(c => c.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(c => c.FinishedAt, final ? now : (DateTimeOffset?)null),
            ct);
    }, cancellationToken);

    /// <summary>Puts copies cut off by a stop back in line at once (the attempt is not counted).</summary>
    public Task ReleaseAsync(CopyJob job, CancellationToken cancellationToken) => writes.WriteAsync(
        (db, ct) => Claimed(db, job).ExecuteUpdateAsync(
            s => s.SetProperty(c => c.State, AttachmentCopyState.Pending)
                .SetProperty(c => c.Attempts, c => c.Attempts - 1)
                .SetProperty(c => c.ClaimToken, (Guid?)null)
                .SetProperty(c => c.LeaseUntil, (DateTimeOffset?)null),
            ct),
        cancellationToken);

    private static IQueryable<AttachmentCopy> Free(IQueryable<AttachmentCopy> copies, DateTimeOffset now) =>
        copies.Where(c => c.State == AttachmentCopyState.Pending || (c.State == AttachmentCopyState.Copying && c.LeaseUntil < now));

    private static IQueryable<AttachmentCopy> Claimed(HubDbContext db, CopyJob job) =>
        db.AttachmentCopies.Where(c => c.MessageId == job.MessageId && c.Position == job.Position && c.ClaimToken == job.ClaimToken && c.State == AttachmentCopyState.Copying);
}
