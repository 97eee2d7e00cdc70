using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>A claimed delivery with everything its call needs, read when the attempt starts (so a chat linked meanwhile is used).</summary>
internal sealed record DeliveryJob(
    long DeliveryId,
    long MessageId,
    int IntegrationId,
    long TaskNumber,
    string Text,
    int? AuthorEmployeeId,
    IReadOnlyList<Attachment> Attachments,
    string? ChatId,
    string? Channel,
    string? ContactPhone)
{
    /// <summary>The claim this job was taken with (see <see cref="MessageDelivery.ClaimToken"/>).</summary>
    public Guid ClaimToken { get; init; }

    /// <summary>No chat yet: the provider is to open one and answer its id.</summary>
    public bool IsFirstMessage => ChatId is null;
}

/// <summary>What one call to the provider came to.</summary>
internal sealed record AttemptResult(
    DateTimeOffset At,
    AttemptOutcome Outcome,
    int? StatusCode,
    int LatencyMs,
    string? Answer,
    string? Error,
    TimeSpan? RetryAfter = null,
    ProviderAnswer? OpenedChat = null);
