using Webchat.Protocol;

namespace Webchat.Client;

/// <summary><c>newMessage</c>: a message from a chat to the hub, or an echo of an employee's message written on the provider's side.</summary>
public sealed record SendMessageRequest
{
    /// <summary>The chat's unique id (<c>chatId</c>).</summary>
    public required string ChatId { get; init; }

    /// <summary>The contact's unique id (<c>contactId</c>).</summary>
    public required string ContactId { get; init; }

    /// <summary>The message text (<c>message</c>); may be empty when there are attachments.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The contact's first name (<c>contactName</c>).</summary>
    public string? ContactName { get; init; }

    /// <summary>The contact's last name (<c>contactLastName</c>).</summary>
    public string? ContactLastName { get; init; }

    /// <summary>The URL of the contact's photo (<c>contactIco</c>).</summary>
    public string? ContactIco { get; init; }

    /// <summary>The contact's e-mail address (<c>contactEmail</c>).</summary>
    public string? ContactEmail { get; init; }

    /// <summary>The contact's phone (<c>contactPhone</c>).</summary>
    public string? ContactPhone { get; init; }

    /// <summary>Free text about the contact (<c>contactData</c>); the hub puts it in the task's description.</summary>
    public string? ContactData { get; init; }

    /// <summary>An extra channel id on the provider's side (<c>channel</c>).</summary>
    public string? Channel { get; init; }

    /// <summary>The task's name (<c>title</c>): send it with a chat's first message only.</summary>
    public string? Title { get; init; }

    /// <summary>Files as links (<c>attachments[name]</c>/<c>attachments[url]</c>), in order.</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>True for an outgoing message an employee wrote on the provider's side (<c>isEcho</c>).</summary>
    public bool IsEcho { get; init; }

    /// <summary>The e-mail of the employee who wrote an echo message (<c>userEmail</c>); sent only with <see cref="IsEcho"/>.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Values of the task's custom fields (<c>data_&lt;field&gt;</c>), keyed by the field's name without the prefix.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TaskData { get; init; } = [];
}

/// <summary><c>getTask</c>: the number of a chat's current task.</summary>
/// <param name="ChatId">The chat's id (<c>chatId</c>).</param>
public sealed record GetTaskRequest(string ChatId);

/// <summary><c>getContact</c>: the hub's number of a contact.</summary>
/// <param name="ContactId">The contact's id (<c>contactId</c>).</param>
public sealed record GetContactRequest(string ContactId);

/// <summary><c>updateContact</c>: new details of a contact. Details left null are not sent, so they stay as they are.</summary>
public sealed record UpdateContactRequest
{
    /// <summary>The contact's id (<c>contactId</c>).</summary>
    public required string ContactId { get; init; }

    /// <summary>The contact's first name (<c>contactName</c>); the protocol requires it.</summary>
    public required string ContactName { get; init; }

    /// <summary>The contact's last name (<c>contactLastName</c>).</summary>
    public string? ContactLastName { get; init; }

    /// <summary>The URL of the contact's photo (<c>contactIco</c>).</summary>
    public string? ContactIco { get; init; }

    /// <summary>The contact's e-mail address (<c>contactEmail</c>).</summary>
    public string? ContactEmail { get; init; }

    /// <summary>The contact's phone (<c>contactPhone</c>).</summary>
    public string? ContactPhone { get; init; }

    /// <summary>Free text about the contact (<c>contactData</c>).</summary>
    public string? ContactData { get; init; }
}

/// <summary><c>messageStatus</c>: the delivery or read status of a message the hub sent.</summary>
/// <param name="MessageId">The <c>messageId</c> of the hub's call (<see cref="IncomingHubMessage.MessageId"/>).</param>
/// <param name="Status">The status (<c>messageStatus</c>).</param>
/// <param name="StatusText">Extra text, e.g. why it failed (<c>messageStatusText</c>).</param>
public sealed record MessageStatusRequest(string MessageId, WebchatMessageStatus Status, string? StatusText = null);

/// <summary>The statuses a provider reports for a message the hub sent.</summary>
public enum WebchatMessageStatus
{
    /// <summary>Delivered to the contact (<c>sent</c>): one tick.</summary>
    Sent,

    /// <summary>Seen by the contact (<c>read</c>): two ticks.</summary>
    Read,

    /// <summary>Could not be delivered (<c>error</c>): the hub shows an error sign.</summary>
    Error,
}
