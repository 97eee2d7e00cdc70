namespace Webchat.Protocol;

/// <summary>
/// The hub's <c>newMessage</c> call to a provider's URL: an employee's answer in a chat, or,
/// without <see cref="ChatId"/>, the first message to a contact that has a phone but no chat yet.
/// </summary>
public sealed record ProviderMessage(
    string ProviderId,
    string Token,
    string Message,
    string MessageId,
    string? ChatId = null,
    string? Channel = null,
    string? ContactPhone = null,
    string? UserName = null,
    string? UserLastName = null,
    string? UserIco = null,
    string? TaskEmail = null,
    IReadOnlyList<Attachment>? Attachments = null)
{
    public IReadOnlyList<Attachment> Attachments { get; init; } = Attachments ?? [];

    /// <summary>True for the first message started from the hub: the provider must open a chat and answer its id.</summary>
    public bool IsFirstMessage => ChatId is null;

    public FormFields ToForm()
    {
        var fields = new FormWriter();
        fields.Add("cmd", HubCommandNames.NewMessage);
        fields.Add("providerId", ProviderId);
        fields.Add("chatId", ChatId);
        fields.Add("channel", Channel);
        fields.Add("contactPhone", ContactPhone);
        fields.Add("token", Token);
        fields.Add("message", Message);
        fields.Add("messageId", MessageId);
        fields.Add("userName", UserName);
        fields.Add("userLastName", UserLastName);
        fields.Add("userIco", UserIco);
        fields.Add("taskEmail", TaskEmail);
        fields.AddAttachments(Attachments);
        return fields.ToForm();
    }

    /// <summary>Reads the hub's call as a provider receives it. Returns null when a required field is missing.</summary>
    public static ProviderMessage? FromForm(FormFields form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var attachments = HubCommandCodec.ReadAttachments(form);
        if (form["cmd"] != HubCommandNames.NewMessage
            || form["providerId"] is not { Length: > 0 } providerId
            || form["messageId"] is not { Length: > 0 } messageId
            || attachments is null)
        {
            return null;
        }

        var chatId = NullIfEmpty(form["chatId"]);
        var phone = NullIfEmpty(form["contactPhone"]);
        if (chatId is null && phone is null)
        {
            return null;
        }

        return new ProviderMessage(
            providerId,
            form["token"] ?? string.Empty,
            form["message"] ?? string.Empty,
            messageId,
            chatId,
            NullIfEmpty(form["channel"]),
            phone,
            NullIfEmpty(form["userName"]),
            NullIfEmpty(form["userLastName"]),
            NullIfEmpty(form["userIco"]),
            NullIfEmpty(form["taskEmail"]),
            attachments);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
