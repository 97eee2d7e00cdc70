namespace Webchat.Protocol;

/// <summary>
/// How long each field may be and how many repeated fields a command may carry.
/// A command over a limit is refused as <c>Invalid parameters</c> rather than truncated.
/// </summary>
public sealed record ProtocolLimits
{
    public static ProtocolLimits Default { get; } = new();

    /// <summary>Identifiers: providerId, chatId, contactId, messageId, channel, tokens.</summary>
    public int MaxIdLength { get; init; } = 255;

    /// <summary>Names, e-mail addresses, phones, statuses.</summary>
    public int MaxNameLength { get; init; } = 255;

    /// <summary>URLs of avatars and attachments, attachment names.</summary>
    public int MaxUrlLength { get; init; } = 2048;

    public int MaxTitleLength { get; init; } = 1024;

    public int MaxMessageLength { get; init; } = 65_536;

    /// <summary>contactData and messageStatusText.</summary>
    public int MaxTextLength { get; init; } = 16_384;

    public int MaxAttachments { get; init; } = 50;

    /// <summary>How many <c>data_&lt;field&gt;</c> values one message may carry.</summary>
    public int MaxTaskDataFields { get; init; } = 100;
}
