using System.Text.Json.Serialization;
using Webchat.Protocol;

namespace Webchat.DemoProvider.Conversations;

/// <summary>Who wrote a line of the conversation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChatAuthor>))]
public enum ChatAuthor
{
    /// <summary>The site's visitor (the hub's contact).</summary>
    Visitor,

    /// <summary>An employee answering through the hub.</summary>
    Employee,
}

/// <summary>One line of a visitor's conversation, as the widget shows it.</summary>
/// <param name="Id">The line's number in the conversation, from 1.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="AuthorName">The visitor's or the employee's name.</param>
/// <param name="Text">The text.</param>
/// <param name="Attachments">Files, as links.</param>
/// <param name="At">When the demo took it in.</param>
/// <param name="HubMessageId">For an employee's line: the hub's <c>messageId</c>, for the <c>read</c> report.</param>
public sealed record ChatEntry(
    long Id,
    ChatAuthor Author,
    string AuthorName,
    string Text,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset At,
    string? HubMessageId = null);
