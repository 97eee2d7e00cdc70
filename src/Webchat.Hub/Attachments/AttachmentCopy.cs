using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Messages;

namespace Webchat.Hub.Attachments;

/// <summary>
/// The hub's copy of one file a provider sent (a <see cref="MessageAttachment"/> of an inbound message or
/// an echo): a queue row until it is copied or has finally failed. Rows are added by the mirror, which
/// scans new attachment rows, never by the inbound path.
/// </summary>
public sealed class AttachmentCopy
{
    public const int MaxErrorLength = 500;

    public long MessageId { get; set; }

    /// <summary>The attachment's position in its message.</summary>
    public int Position { get; set; }

    public AttachmentCopyState State { get; set; }

    /// <summary>Fetches tried so far: picks the next wait and ends the retries.</summary>
    public int Attempts { get; set; }

    /// <summary>When a pending copy may be fetched.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>The claim of the hub fetching it now: only that claim may record the outcome.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>Until when the claim holds; once passed, any hub may fetch it again (its hub died mid-fetch).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The copy, served like an upload at <c>/files/{FileId}/{name}</c>, once copied.</summary>
    public string? FileId { get; set; }

    /// <summary>Why the last fetch failed.</summary>
    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AttachmentCopy>(copy =>
        {
            copy.ToTable("AttachmentCopies");
            copy.HasKey(c => new { c.MessageId, c.Position });
            copy.Property(c => c.Position).ValueGeneratedNever();
            copy.Property(c => c.MessageId).ValueGeneratedNever();
            copy.Property(c => c.FileId).HasMaxLength(32);
            copy.Property(c => c.Error).HasMaxLength(MaxErrorLength);
            // The mirror's question: the pending copies in the order they fall due, over unfinished rows only.
            copy.HasIndex(c => new { c.State, c.DueAt }).HasFilter("\"State\" IN (0, 1)");
            copy.HasOne<Message>().WithMany().HasForeignKey(c => c.MessageId);
        });
    }
}

public enum AttachmentCopyState
{
    /// <summary>Waiting for its (next) fetch.</summary>
    Pending = 0,

    /// <summary>A hub holding the lease is fetching it.</summary>
    Copying = 1,

    /// <summary>The hub keeps a copy.</summary>
    Copied = 2,

    /// <summary>Refused (address, size, answer) or out of attempts: only the provider's link remains.</summary>
    Failed = 3,

    /// <summary>A file of the hub's own message (a reply, a note): nothing to copy. The row marks it as looked at.</summary>
    Skipped = 4,
}
