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
/// Opens the operator API to <c>Authorization: Bearer &lt;key&gt;</c> with one of <c>Hub:ApiKeys</c>, or of
/// <c>Hub:AdminApiKeys</c>, which alone open employee management (<see cref="OperatorApi.AdminPolicy"/>).
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

    /// <summary>The claim of a key of <c>Hub:AdminApiKeys</c>.</summary>
    public const string AdminClaim = "webchat:api-admin";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim());
        var keys = hub.Value;
        var matched = Match(presented, keys.ApiKeys);
        var admin = Match(presented, keys.AdminApiKeys);
        if (matched < 0 && admin < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not one of Hub:ApiKeys or Hub:AdminApiKeys."));
        }

        // Which key, by its index: the rate limit is per key, and the key itself stays out of every log.
        List<Claim> claims = admin >= 0
            ? [new Claim(ClaimTypes.Name, "administrator"), new Claim(RateLimitSetup.ApiKeyClaim, "admin:" + admin.ToString(CultureInfo.InvariantCulture)), new Claim(AdminClaim, "true")]
            : [new Claim(ClaimTypes.Name, "operator"), new Claim(RateLimitSetup.ApiKeyClaim, "key:" + matched.ToString(CultureInfo.InvariantCulture))];
        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The index of the key presented, or -1. Every key is compared, whichever matches: the time taken says nothing about which one.</summary>
    private static int Match(byte[] presented, List<string> keys)
    {
        var matched = -1;
        for (var i = 0; i < keys.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(keys[i])))
            {
                matched = i;
            }
        }

        return matched;
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "An administrator's API key is required",
                Detail = "Employee management opens only to the keys of Hub:AdminApiKeys; the keys of Hub:ApiKeys are refused here.",
            },
        });
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
