using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Webchat.Hub.Inbound;
using Webchat.Protocol;

namespace Webchat.Hub.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter in front of both entry points: per client address on <c>/webchat/api</c>
/// (before its token is read), per API key on <c>/api</c>; the per-integration limit is taken by the
/// entry point once the token names the integration (<see cref="IntegrationRateLimiter"/>). Refusals are
/// 429 with Retry-After: the protocol's JSON error on <c>/webchat/api</c>, a ProblemDetails on <c>/api</c>.
/// </summary>
public static class RateLimitSetup
{
    public const string AddressPolicy = "per-address";
    public const string ApiKeyPolicy = "per-api-key";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<IntegrationRateLimiter>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.AddPolicy(AddressPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "?", _ => Bucket(limits.PerAddress)));
            limiter.AddPolicy(ApiKeyPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirstValue(ApiKeyClaim) ?? "anonymous:" + context.Connection.RemoteIpAddress, _ => Bucket(limits.PerApiKey)));
            limiter.OnRejected = RejectAsync;
        });
        services.AddRateLimiter(_ => { });

        // Set, not left to defaults: what one client may hold of the server.
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var limits = context.Configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            // Endpoints that take a body raise this for themselves (Hub:Inbound:MaxBodyBytes, Hub:Uploads).
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            kestrel.Limits.MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        });
        return builder;
    }

    /// <summary>The claim that names which of <c>Hub:ApiKeys</c> opened a request (by its index, never the key).</summary>
    public const string ApiKeyClaim = "webchat:api-key";

    internal static TokenBucketRateLimiterOptions Bucket(RateLimit limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = limit.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Seconds until a refused caller may try again, at least 1.</summary>
    internal static string RetryAfter(RateLimitLease lease) =>
        (lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1)
            .ToString(CultureInfo.InvariantCulture);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = RetryAfter(rejected.Lease);
        if (context.Request.Path.StartsWithSegments(InboundEndpoints.Route))
        {
            await context.Response.WriteAsJsonAsync(new ErrorAnswer(ProtocolErrors.TooManyRequests), ProtocolJsonContext.Default.ErrorAnswer, cancellationToken: cancellationToken);
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This API key is over its limit (Hub:RateLimits:PerApiKey): try again in {context.Response.Headers.RetryAfter} s.",
            },
        });
    }
}

/// <summary>The per-integration limit on <c>/webchat/api</c>, taken once the token has named the integration.</summary>
public sealed class IntegrationRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        providerId => RateLimitPartition.GetTokenBucketLimiter(providerId, _ => RateLimitSetup.Bucket(options.Value.PerIntegration)));

    /// <summary>Null when the integration may go on; else the seconds it must wait.</summary>
    public string? TryAcquire(string providerId)
    {
        using var lease = _limiter.AttemptAcquire(providerId);
        return lease.IsAcquired ? null : RateLimitSetup.RetryAfter(lease);
    }

    public void Dispose() => _limiter.Dispose();
}
