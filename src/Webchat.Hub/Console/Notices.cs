using System.Text.Json;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.DataProtection;

namespace Webchat.Hub.Console;

/// <summary>What the last action said: a line that all went well, or why it was refused.</summary>
internal sealed record ConsoleNotice(string? Notice, string? Error);

/// <summary>
/// A form's answer travels to the page it goes back to in a one-time cookie sealed by the hub's data
/// protection, never in the URL: an invitation link must not sit in browser history or proxy logs, and
/// a crafted link must not show any text as the console's own message. The next page shows it and the
/// cookie is dropped.
/// </summary>
internal static class Notices
{
    private const string CookieName = "webchat.notice";
    private const string Purpose = "Webchat.Console.Notice";
    private static readonly object ItemKey = new();

    /// <summary>A redirect to a console page, with a line for it to show once.</summary>
    public static IResult Back(string path, string? notice, string? error) => new NoticeRedirect(path, new ConsoleNotice(notice, error));

    /// <summary>The notice of this page's request, if its form left one.</summary>
    public static ConsoleNotice? Of(HttpContext? context) => context?.Items[ItemKey] as ConsoleNotice;

    /// <summary>Takes the notice off the request of a console page (not of its script, style or live feed) and drops the cookie.</summary>
    public static IApplicationBuilder UseConsoleNotices(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Cookies[CookieName] is { } sealedNotice && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            context.Response.Cookies.Delete(CookieName, Options(context));
            context.Items[ItemKey] = Unseal(context, sealedNotice);
        }

        return next(context);
    });

    private static ConsoleNotice? Unseal(HttpContext context, string value)
    {
        try
        {
            return JsonSerializer.Deserialize<ConsoleNotice>(Protector(context).Unprotect(value));
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            // Not sealed by this hub (or by a key it no longer has): nothing to show.
            return null;
        }
    }

    private static IDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps || ConsoleSetup.SecureCookies(context.RequestServices),
        Path = "/",
        IsEssential = true,
    };

    private sealed class NoticeRedirect(string path, ConsoleNotice notice) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (notice.Notice is not null || notice.Error is not null)
            {
                httpContext.Response.Cookies.Append(CookieName, Protector(httpContext).Protect(JsonSerializer.Serialize(notice)), Options(httpContext));
            }

            return TypedResults.LocalRedirect(path).ExecuteAsync(httpContext);
        }
    }
}
