using Webchat.Client;
using Webchat.DemoProvider.Conversations;
using Webchat.Protocol;

namespace Webchat.DemoProvider.Hub;

/// <summary>The demo's provider URL, <c>/planfix</c>: employees' replies from the hub go into the visitor's conversation.</summary>
public static class HubCallEndpoints
{
    /// <summary>The hub's own limit on a message; anything longer is cut rather than kept.</summary>
    private const int MaxTextLength = 65_536;

    public static IEndpointRouteBuilder MapHubCalls(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var store = endpoints.ServiceProvider.GetRequiredService<ConversationStore>();
        var clock = endpoints.ServiceProvider.GetRequiredService<TimeProvider>();
        endpoints.MapWebchatProvider("/planfix", (message, _) => Task.FromResult(Receive(message, store, clock)));
        return endpoints;
    }

    private static ProviderAnswer? Receive(IncomingHubMessage message, ConversationStore store, TimeProvider clock)
    {
        // A first message goes to the visitor who gave that phone, or opens a chat of its own for it.
        var conversation = message.IsFirstMessage ? store.ForPhone(message.ContactPhone!) : store.ForChat(message.ChatId!);
        var text = message.Text.Length <= MaxTextLength ? message.Text : message.Text[..MaxTextLength];
        var attachments = message.Attachments.Where(a => IsWebLink(a.Url)).ToArray();
        var now = clock.GetUtcNow();
        conversation.Add(id => new ChatEntry(id, ChatAuthor.Employee, message.Employee.DisplayName ?? "Support", text, attachments, now, message.MessageId), now);
        return message.IsFirstMessage ? new ProviderAnswer(conversation.ChatId, conversation.ContactId) : null;
    }

    /// <summary>Only http(s) links reach the page: a <c>javascript:</c> URL from anywhere must not become a link.</summary>
    private static bool IsWebLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
