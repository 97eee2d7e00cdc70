namespace Webchat.Hub.Tasks;

/// <summary>A conversation on the provider's side, keyed by (integration, the provider's <c>chatId</c>).</summary>
public sealed class Chat
{
    public long Id { get; set; }

    public int IntegrationId { get; set; }

    /// <summary>The provider's <c>chatId</c>.</summary>
    public required string ExternalId { get; set; }

    /// <summary>The provider's <c>channel</c>, sent back on the hub's calls.</summary>
    public string? Channel { get; set; }

    public long ContactId { get; set; }

    /// <summary>The task the chat's messages go to now.</summary>
    public long? CurrentTaskId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
