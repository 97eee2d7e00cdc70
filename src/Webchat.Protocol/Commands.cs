namespace Webchat.Protocol;

/// <summary>A file attached to a message: its name and where to fetch it.</summary>
public sealed record Attachment(string Name, string Url);

/// <summary>What a provider tells about a contact. Null means "not sent", so it does not overwrite.</summary>
public sealed record ContactDetails(
    string ContactId,
    string? Name = null,
    string? LastName = null,
    string? Ico = null,
    string? Email = null,
    string? Phone = null,
    string? Data = null);

/// <summary>A command from a provider to the hub's <c>/webchat/api</c>.</summary>
public abstract record HubCommand(string ProviderId)
{
    /// <summary>The <c>cmd</c> value on the wire.</summary>
    public abstract string Name { get; }
}

/// <summary><c>newMessage</c>: a message from the chat, or an echo of an employee's message written on the provider side.</summary>
public sealed record NewMessageCommand(
    string ProviderId,
    string ChatId,
    string Message,
    ContactDetails Contact,
    string? Channel = null,
    string? Title = null,
    IReadOnlyList<Attachment>? Attachments = null,
    bool IsEcho = false,
    string? UserEmail = null,
    IReadOnlyList<KeyValuePair<string, string>>? TaskData = null) : HubCommand(ProviderId)
{
    public override string Name => HubCommandNames.NewMessage;

    public IReadOnlyList<Attachment> Attachments { get; init; } = Attachments ?? [];

    /// <summary>The <c>data_&lt;field&gt;</c> values, keyed by the field name without the prefix.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TaskData { get; init; } = TaskData ?? [];
}

/// <summary><c>getTask</c>: the number of the chat's current task.</summary>
public sealed record GetTaskCommand(string ProviderId, string ChatId) : HubCommand(ProviderId)
{
    public override string Name => HubCommandNames.GetTask;
}

/// <summary><c>getContact</c>: the hub's number of a provider's contact.</summary>
public sealed record GetContactCommand(string ProviderId, string ContactId) : HubCommand(ProviderId)
{
    public override string Name => HubCommandNames.GetContact;
}

/// <summary><c>updateContact</c>: new details of a contact.</summary>
public sealed record UpdateContactCommand(string ProviderId, ContactDetails Contact) : HubCommand(ProviderId)
{
    public override string Name => HubCommandNames.UpdateContact;
}

/// <summary><c>messageStatus</c>: delivery or read status of a message the hub sent.</summary>
public sealed record MessageStatusCommand(string ProviderId, string MessageId, string Status, string? StatusText = null) : HubCommand(ProviderId)
{
    public override string Name => HubCommandNames.MessageStatus;

    /// <summary>The status as the protocol reads it: any value but <c>error</c> and <c>read</c> counts as <c>sent</c>.</summary>
    public DeliveryStatus NormalizedStatus => Status switch
    {
        "error" => DeliveryStatus.Error,
        "read" => DeliveryStatus.Read,
        _ => DeliveryStatus.Sent,
    };
}

/// <summary>The ticks of a message the hub sent.</summary>
public enum DeliveryStatus
{
    /// <summary>Not delivered yet.</summary>
    Pending = 0,

    /// <summary>Delivered: one tick.</summary>
    Sent = 1,

    /// <summary>Read: two ticks.</summary>
    Read = 2,

    /// <summary>Failed: an error sign.</summary>
    Error = 3,
}

/// <summary>The <c>cmd</c> values of the protocol.</summary>
public static class HubCommandNames
{
    public const string NewMessage = "newMessage";
    public const string GetTask = "getTask";
    public const string GetContact = "getContact";
    public const string UpdateContact = "updateContact";
    public const string MessageStatus = "messageStatus";
}
