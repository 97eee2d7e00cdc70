using Webchat.Protocol;

namespace Webchat.Hub.Messages;

/// <summary>A comment of a task: a contact's message, an echo of an employee's message, or an employee's answer.</summary>
public sealed class Message
{
    /// <summary>Arrival order across the hub; for outbound messages also the <c>messageId</c> sent to the provider.</summary>
    public long Id { get; set; }

    public long TaskId { get; set; }

    public MessageDirection Direction { get; set; }

    public required string Text { get; set; }

    /// <summary>The author when the contact wrote it.</summary>
    public long? AuthorContactId { get; set; }

    /// <summary>The author when an employee wrote it (an echo or an answer).</summary>
    public int? AuthorEmployeeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Ticks of a message the hub sends; null for messages that came in.</summary>
    public DeliveryStatus? Status { get; set; }

    public string? StatusText { get; set; }

    public List<MessageAttachment> Attachments { get; set; } = [];

    public List<MessageStatusEvent> StatusEvents { get; set; } = [];
}

public enum MessageDirection
{
    /// <summary>Written by the contact in the chat.</summary>
    FromContact = 0,

    /// <summary>Written by an employee on the provider's side and echoed into the hub.</summary>
    Echo = 1,

    /// <summary>Written by an employee in the hub, to be delivered to the provider.</summary>
    ToContact = 2,

    /// <summary>An employee's private note: seen by employees only, never sent to the provider.</summary>
    Note = 3,
}

/// <summary>A file of a message, in the order it was sent.</summary>
public sealed class MessageAttachment
{
    public int Position { get; set; }

    public required string Name { get; set; }

    public required string Url { get; set; }
}

/// <summary>One step of a sent message's timeline: a delivery outcome or a provider's <c>messageStatus</c>.</summary>
public sealed class MessageStatusEvent
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public DeliveryStatus Status { get; set; }

    public string? Text { get; set; }

    public StatusSource Source { get; set; }
}

public enum StatusSource
{
    /// <summary>The hub's own delivery attempt.</summary>
    Delivery = 0,

    /// <summary>The provider's <c>messageStatus</c> call.</summary>
    Provider = 1,
}
