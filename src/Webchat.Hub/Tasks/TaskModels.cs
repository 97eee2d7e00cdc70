using Webchat.Hub.Messages;
using Webchat.Protocol;

namespace Webchat.Hub.Tasks;

/// <summary>One page of tasks, newest first; with <c>TotalCountCapped</c> there are at least <c>TotalCount</c> (<see cref="Operators.PageRequest.MaxCounted"/>) and maybe more; <c>HasNextPage</c> says whether the next page has any.</summary>
public sealed record TaskPage(IReadOnlyList<TaskSummary> Items, int Page, int PageSize, int TotalCount, int TotalPages, bool TotalCountCapped, bool HasNextPage);

/// <summary>A task as a row of the list.</summary>
public sealed record TaskSummary(
    long Number,
    string Name,
    ChatTaskStatus Status,
    string Integration,
    long ContactNumber,
    string ContactName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int MessageCount,
    DateTimeOffset? LastMessageAt)
{
    /// <summary>The task's labels, alphabetically.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>
/// A task with everything in it; its integration is named by providerId. <see cref="Messages"/> is the newest
/// page, in arrival order; <see cref="OlderMessagesBefore"/> reads the page before it, null when there is none.
/// </summary>
public sealed record TaskDetails(
    long Number,
    string Name,
    ChatTaskStatus Status,
    string Integration,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    TaskContact Contact,
    IReadOnlyList<TaskField> Fields,
    string? Description,
    string? AdditionalDescription,
    TaskChat? Chat,
    IReadOnlyList<TaskMessage> Messages,
    long? OlderMessagesBefore)
{
    /// <summary>The task's labels, alphabetically.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>The task's contact: the hub's number and the provider's contactId.</summary>
public sealed record TaskContact(
    long Number,
    string ContactId,
    string Name,
    string? LastName,
    string? Email,
    string? Phone,
    string? Ico,
    string? Data);

/// <summary>A custom field of the task template and its value.</summary>
public sealed record TaskField(string Name, string Value);

/// <summary>The provider's chat the task answers: its <c>chatId</c> and <c>channel</c>.</summary>
public sealed record TaskChat(string ChatId, string? Channel);

/// <summary>
/// A message of the task, in arrival order. The status, its text and its timeline are for
/// messages the hub sends; messages that came in have none.
/// </summary>
public sealed record TaskMessage(
    long Id,
    MessageDirection Direction,
    string Text,
    DateTimeOffset CreatedAt,
    MessageAuthor? Author,
    IReadOnlyList<AttachmentLink> Attachments,
    DeliveryStatus? Status,
    string? StatusText,
    IReadOnlyList<StatusStep> StatusTimeline);

/// <summary>Who wrote a message: the contact (with its number) or an employee.</summary>
public sealed record MessageAuthor(AuthorKind Kind, string Name, string? LastName, string? Email, long? ContactNumber);

public enum AuthorKind
{
    Contact,
    Employee,
}

/// <summary>
/// A file of a message, in the order it was sent: the provider's <c>url</c>, and for files that came in,
/// the hub's copy (<c>mirroredUrl</c>, null until copied) or that the copy failed (see Attachments/).
/// </summary>
public sealed record AttachmentLink(string Name, string Url, string? MirroredUrl = null, bool CopyFailed = false);

/// <summary>One step of a sent message's timeline: a delivery outcome or the provider's report.</summary>
public sealed record StatusStep(DateTimeOffset At, DeliveryStatus Status, string? Text, StatusSource Source);

/// <summary>A task's status after a change.</summary>
public sealed record TaskState(long Number, ChatTaskStatus Status, DateTimeOffset? CompletedAt);
