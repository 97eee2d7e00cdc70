using System.Security.Cryptography;

namespace Webchat.DemoProvider.Conversations;

/// <summary>
/// Every visitor's conversation, kept in memory and bounded: past <see cref="MaxConversations"/>, one is
/// forgotten. A visitor is known by a random id kept in a cookie; the hub knows the chat as
/// <c>site-&lt;id&gt;</c> and the contact as <c>visitor-&lt;id&gt;</c>. A conversation is anonymous until its
/// visitor comes back with the cookie: requests without cookies (a script's flood) push out only anonymous
/// conversations, the quietest first, never a visitor's who kept theirs.
/// </summary>
public sealed class ConversationStore(TimeProvider clock)
{
    public const int MaxConversations = 10_000;

    private readonly Dictionary<string, Conversation> _byChat = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static string NewVisitorId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string ChatIdOf(string visitorId) => "site-" + visitorId;

    /// <summary>The conversation of a visitor who came back with their cookie, started empty when there is none.</summary>
    public Conversation ForVisitor(string visitorId) =>
        Find(ChatIdOf(visitorId), "visitor-" + visitorId, anonymous: false)!;

    /// <summary>
    /// A conversation for a request that came without a cookie; null when every conversation is a known
    /// visitor's, which an anonymous newcomer may not push out.
    /// </summary>
    public Conversation? ForAnonymous(string visitorId) =>
        Find(ChatIdOf(visitorId), "visitor-" + visitorId, anonymous: true);

    /// <summary>The conversation of a chat the hub names; a chat it names that the demo forgot starts again empty.</summary>
    public Conversation ForChat(string chatId, string? contactId = null) =>
        Find(chatId, contactId ?? "visitor-" + chatId, anonymous: false)!;

    /// <summary>
    /// A chat opened from the hub (a first message to a phone): always a new one. A phone is what a visitor
    /// typed, not who they are: the contact's conversation never goes to whoever typed their number.
    /// </summary>
    public Conversation ForPhone(string phone)
    {
        var conversation = ForChat(ChatIdOf(NewVisitorId()));
        conversation.Introduce(new VisitorDetails(null, null, phone));
        return conversation;
    }

    private Conversation? Find(string chatId, string contactId, bool anonymous)
    {
        lock (_lock)
        {
            if (_byChat.TryGetValue(chatId, out var conversation))
            {
                if (!anonymous)
                {
                    conversation.MarkKnown();
                }

                return conversation;
            }

            if (_byChat.Count >= MaxConversations)
            {
                var quietest = _byChat.Values.Where(c => c.Anonymous).MinBy(c => c.LastActivity)
                    ?? (anonymous ? null : _byChat.Values.MinBy(c => c.LastActivity));
                if (quietest is null)
                {
                    return null;
                }

                _byChat.Remove(quietest.ChatId);
            }

            conversation = new Conversation(chatId, contactId, clock.GetUtcNow());
            if (!anonymous)
            {
                conversation.MarkKnown();
            }

            _byChat[chatId] = conversation;
            return conversation;
        }
    }
}
