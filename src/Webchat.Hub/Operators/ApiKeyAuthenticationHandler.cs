using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;
using Webchat.Hub.RateLimits;

namespace Webchat.Hub.Operators;

/// <summary>
/// Opens the operator API to <c>Authorization: Bearer &lt;key&gt;</c> with one of <c>Hub:ApiKeys</c>.
/// Every key is compared in constant time; a refusal is a ProblemDetails 401 that names the fix.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<HubOptions> hub,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim());
        // Every key is compared, whichever matches: the time taken says nothing about which one.
        var matched = -1;
        var keys = hub.Value.ApiKeys;
        for (var i = 0; i < keys.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(keys[i])))
            {
                matched = i;
            }
        }

        if (matched < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of Hub:ApiKeys."));
        }

        // Which key, by its index: the rate limit is per key, and the key itself stays out of every log.
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "operator"), new Claim(RateLimitSetup.ApiKeyClaim, "key:" + matched.ToString(CultureInfo.InvariantCulture))],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required",
                Detail = "Send 'Authorization: Bearer <key>' with one of the keys configured in Hub:ApiKeys.",
            },
        });
    }
}
