using Webchat.DemoProvider.Conversations;

namespace Webchat.DemoProvider.Widget;

/// <summary>Who the visitor is: a random id in a cookie, so the conversation survives a reload.</summary>
internal static class VisitorCookie
{
    public const string Name = "webchat_visitor";

    /// <summary>
    /// The visitor's id, issuing a new one (and its cookie) to a first-time visitor. <c>Returning</c>: the
    /// request carried the cookie, so the visitor keeps it (a script that drops cookies never does).
    /// </summary>
    public static (string Id, bool Returning) Get(HttpContext context)
    {
        if (context.Request.Cookies[Name] is { Length: 32 } id && id.All(char.IsAsciiHexDigitLower))
        {
            return (id, true);
        }

        id = ConversationStore.NewVisitorId();
        context.Response.Cookies.Append(Name, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
        return (id, false);
    }

    /// <summary>The visitor's conversation: a returning visitor's always, a newcomer's unless only known visitors' fill the store.</summary>
    public static Conversation? Conversation(HttpContext context, ConversationStore store)
    {
        var (id, returning) = Get(context);
        return returning ? store.ForVisitor(id) : store.ForAnonymous(id);
    }
}
