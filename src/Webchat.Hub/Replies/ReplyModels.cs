namespace Webchat.Hub.Replies;

/// <summary>An employee's reply as JSON. Multipart replies carry the same <c>text</c> and <c>authorEmail</c> fields, and files.</summary>
public sealed record ReplyRequest(string? Text, string? AuthorEmail, IReadOnlyList<ReplyAttachment>? Attachments);

/// <summary>A file the provider is to fetch from <see cref="Url"/>.</summary>
public sealed record ReplyAttachment(string? Name, string? Url);

/// <summary>
/// The reply is stored and on its way: <see cref="MessageId"/> is the <c>messageId</c> the provider gets and
/// reports ticks for; <see cref="DeliveryId"/> is its entry in <c>/api/deliveries</c>.
/// </summary>
public sealed record ReplyAccepted(long MessageId, long TaskNumber, long DeliveryId);

/// <summary>What posting a reply came to: accepted, invalid (field errors), or refused with a status and a reason.</summary>
internal sealed record ReplyOutcome(ReplyAccepted? Accepted, IDictionary<string, string[]>? Errors, int Status, string Title, string? Detail)
{
    public static ReplyOutcome Done(ReplyAccepted accepted) => new(accepted, null, StatusCodes.Status202Accepted, "Accepted", null);

    public static ReplyOutcome Invalid(IDictionary<string, string[]> errors) =>
        new(null, errors, StatusCodes.Status400BadRequest, "The reply is not valid", "Invalid field(s): " + string.Join(", ", errors.Keys) + ".");

    public static ReplyOutcome Refused(int status, string title, string detail) => new(null, null, status, title, detail);
}
