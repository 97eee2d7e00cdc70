using Webchat.Protocol;

namespace Webchat.Client;

/// <summary>
/// The hub's <c>newMessage</c> call to this provider: an employee's answer in a chat or, when
/// <see cref="IsFirstMessage"/>, the first message to a contact that has a phone and no chat yet.
/// </summary>
public sealed record IncomingHubMessage
{
    /// <summary>The provider the call is for (<c>providerId</c>).</summary>
    public required string ProviderId { get; init; }

    /// <summary>The hub's id of this message (<c>messageId</c>): report its status with it.</summary>
    public required string MessageId { get; init; }

    /// <summary>The chat (<c>chatId</c>); null for a first message, whose chat the provider opens.</summary>
    public string? ChatId { get; init; }

    /// <summary>The provider's channel id (<c>channel</c>), when the chat has one.</summary>
    public string? Channel { get; init; }

    /// <summary>The contact's phone (<c>contactPhone</c>); always there for a first message.</summary>
    public string? ContactPhone { get; init; }

    /// <summary>The message text (<c>message</c>); may be empty when there are attachments.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The employee who wrote it (<c>userName</c>, <c>userLastName</c>, <c>userIco</c>).</summary>
    public HubEmployee Employee { get; init; } = new(null, null, null);

    /// <summary>The task's e-mail address at the hub (<c>taskEmail</c>), when the hub sends one.</summary>
    public string? TaskEmail { get; init; }

    /// <summary>The files, as links, in order (the n-th <c>attachments[name]</c> with the n-th <c>attachments[url]</c>).</summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    /// <summary>
    /// True for the first message to a contact without a chat: the handler must open a chat and
    /// return its <c>chatId</c> and <c>contactId</c>, so the contact's replies land in the same task.
    /// </summary>
    public bool IsFirstMessage => ChatId is null;

    internal static IncomingHubMessage From(ProviderMessage message) => new()
    {
        ProviderId = message.ProviderId,
        MessageId = message.MessageId,
        ChatId = message.ChatId,
        Channel = message.Channel,
        ContactPhone = message.ContactPhone,
        Text = message.Message,
        Employee = new HubEmployee(message.UserName, message.UserLastName, message.UserIco),
        TaskEmail = message.TaskEmail,
        Attachments = message.Attachments,
    };
}

/// <summary>The employee who wrote a message the hub sends.</summary>
/// <param name="Name">First name (<c>userName</c>).</param>
/// <param name="LastName">Last name (<c>userLastName</c>).</param>
/// <param name="Ico">Avatar URL (<c>userIco</c>).</param>
public sealed record HubEmployee(string? Name, string? LastName, string? Ico)
{
    /// <summary>First and last name as one, or null when the hub sent neither.</summary>
    public string? DisplayName => string.Join(' ', new[] { Name, LastName }.Where(part => !string.IsNullOrWhiteSpace(part))) is { Length: > 0 } name ? name : null;
}
