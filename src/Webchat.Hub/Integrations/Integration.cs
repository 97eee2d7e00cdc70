namespace Webchat.Hub.Integrations;

/// <summary>
/// A connected provider as stored. Its settings live in configuration (<c>Hub:Integrations</c>);
/// the row gives chats, contacts and tasks a stable key to belong to.
/// </summary>
public sealed class Integration
{
    public int Id { get; set; }

    public required string ProviderId { get; set; }
}
