using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Webchat.Hub.Console.Assets;
using Webchat.Hub.RateLimits;

namespace Webchat.Hub.Console.Accounts;

/// <summary>
/// Sign-in attempts per client address (<c>Hub:RateLimits:SignIn</c> a minute), so nobody guesses
/// passwords freely across accounts. Over it, a 429 page that says when to try again.
/// </summary>
internal sealed class SignInRateLimit(RateLimitOptions limits) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "sign-in";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        // The address after Hub:ForwardedHeaders: behind a known proxy, the visitor's own.
        RateLimitPartition.GetTokenBucketLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.SignIn,
            TokensPerPeriod = limits.SignIn,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var wait = RateLimitSetup.RetryAfter(rejected.Lease);
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = wait;
        response.ContentType = "text/html; charset=utf-8";
        var style = WebUtility.HtmlEncode(ConsoleAssets.StyleUrl);
        // The rate limiter answers before the language middleware runs: the page reads the browser's language itself.
        var culture = Localization.LocalizationSetup.BrowserCulture(rejected.HttpContext);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
        var title = WebUtility.HtmlEncode(Localization.ConsoleText.T("Too many sign-in attempts"));
        await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{culture.Name}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <link rel="stylesheet" href="{style}" /><title>{title} · Webchat</title></head>
            <body><main id="main" class="bare"><p class="brand-big">Webchat</p>
            <h1>{title}</h1>
            <p class="error-banner" role="alert">{WebUtility.HtmlEncode(Localization.ConsoleText.T("Too many sign-in attempts came from your address. Wait {0} seconds, then try again.", wait))}</p>
            <p><a href="/signin">{WebUtility.HtmlEncode(Localization.ConsoleText.T("Back to sign-in"))}</a></p>
            </main></body>
            </html>
            """), cancellationToken);
    }
}
