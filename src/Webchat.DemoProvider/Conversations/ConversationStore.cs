using System.Security.Cryptography;

namespace Webchat.DemoProvider.Conversations;

/// <summary>
/// Every visitor's conversation, kept in memory and bounded: past <see cref="MaxConversations"/>, the
/// one quiet the longest is forgotten. A visitor is known by a random id kept in a cookie; the hub knows
/// the chat as <c>site-&lt;id&gt;</c> and the contact as <c>visitor-&lt;id&gt;</c>.
/// </summary>
public sealed class ConversationStore(TimeProvider clock)
{
    public const int MaxConversations = 10_000;

    private readonly Dictionary<string, Conversation> _byChat = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static string NewVisitorId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string ChatIdOf(string visitorId) => "site-" + visitorId;

    /// <summary>The visitor's conversation, started empty when there is none.</summary>
    public Conversation ForVisitor(string visitorId) => ForChat(ChatIdOf(visitorId), "visitor-" + visitorId);

    /// <summary>The conversation of a chat the hub names; a chat it names that the demo forgot starts again empty.</summary>
    public Conversation ForChat(string chatId, string? contactId = null)
    {
        lock (_lock)
        {
            if (_byChat.TryGetValue(chatId, out var conversation))
            {
                return conversation;
            }

            if (_byChat.Count >= MaxConversations)
            {
                _byChat.Remove(_byChat.MinBy(c => c.Value.LastActivity).Key);
            }

            conversation = new Conversation(chatId, contactId ?? "visitor-" + chatId, clock.GetUtcNow());
            _byChat[chatId] = conversation;
            return conversation;
        }
    }

    /// <summary>A chat opened from the hub (a first message to a phone): the visitor who gave that phone, or a new chat for it.</summary>
    public Conversation ForPhone(string phone)
    {
        Conversation? known;
        lock (_lock)
        {
            known = _byChat.Values.Where(c => c.Visitor.Phone == phone).MaxBy(c => c.LastActivity);
        }

        if (known is not null)
        {
            return known;
        }

        var conversation = ForVisitor(NewVisitorId());
        conversation.Introduce(new VisitorDetails(null, null, phone));
        return conversation;
    }
}
