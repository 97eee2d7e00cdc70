using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Webchat.Hub.Inbound;

/// <summary>
/// The fields a provider may send to <c>/webchat/api</c>, for the OpenAPI document only: the entry point
/// reads the form itself (strictly, see the README), so this is what a client should send, not a binder.
/// </summary>
public sealed record ProviderForm(
    [property: JsonPropertyName("cmd"), Description("newMessage, getTask, getContact, updateContact or messageStatus.")] string Cmd,
    [property: JsonPropertyName("providerId"), Description("The integration's providerId.")] string ProviderId,
    [property: JsonPropertyName("planfix_token"), Description("The integration's key (also accepted as 'token').")] string PlanfixToken,
    [property: JsonPropertyName("chatId"), Description("newMessage, getTask: the provider's chat id (≤ 255 characters).")] string? ChatId,
    [property: JsonPropertyName("contactId"), Description("newMessage, getContact, updateContact: the provider's contact id (≤ 255 characters).")] string? ContactId,
    [property: JsonPropertyName("message"), Description("newMessage: the text (≤ Hub:Inbound:MaxMessageLength); a message or an attachment is required.")] string? Message,
    [property: JsonPropertyName("title"), Description("newMessage: the task's name when the task is created.")] string? Title,
    [property: JsonPropertyName("channel"), Description("newMessage: the chat's channel.")] string? Channel,
    [property: JsonPropertyName("isEcho"), Description("newMessage: true, 1, on or yes for a message an employee wrote on the provider's side.")] string? IsEcho,
    [property: JsonPropertyName("userEmail"), Description("newMessage with isEcho: the employee who wrote it.")] string? UserEmail,
    [property: JsonPropertyName("contactName"), Description("The contact's first name.")] string? ContactName,
    [property: JsonPropertyName("contactLastName"), Description("The contact's last name.")] string? ContactLastName,
    [property: JsonPropertyName("contactIco"), Description("The contact's avatar URL.")] string? ContactIco,
    [property: JsonPropertyName("contactEmail"), Description("The contact's e-mail.")] string? ContactEmail,
    [property: JsonPropertyName("contactPhone"), Description("The contact's phone.")] string? ContactPhone,
    [property: JsonPropertyName("contactData"), Description("Notes on the contact: the task's additional description (≤ 16,384 characters).")] string? ContactData,
    [property: JsonPropertyName("attachments[name]"), Description("newMessage: each attachment's name, repeated; paired in order with attachments[url].")] IReadOnlyList<string>? AttachmentNames,
    [property: JsonPropertyName("attachments[url]"), Description("newMessage: each attachment's URL, repeated.")] IReadOnlyList<string>? AttachmentUrls,
    [property: JsonPropertyName("messageId"), Description("messageStatus: the id the hub sent the message with.")] string? MessageId,
    [property: JsonPropertyName("messageStatus"), Description("messageStatus: error, sent or read (anything else counts as sent).")] string? MessageStatus,
    [property: JsonPropertyName("statusText"), Description("messageStatus: the provider's words on it.")] string? StatusText);
