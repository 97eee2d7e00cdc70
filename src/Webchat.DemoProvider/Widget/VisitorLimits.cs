using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Webchat.DemoProvider.Widget;

/// <summary>
/// Per client address limits on the widget's API (the built-in rate limiter): a script cannot open contacts
/// and tasks at the hub, or fill the demo's memory, as fast as it can send. Behind a proxy, forward the
/// client's address (ForwardedHeaders) or every visitor shares one budget.
/// </summary>
internal static class VisitorLimits
{
    public const string RequestsPolicy = "visitor-requests";
    public const string MessagesPolicy = "visitor-messages";

    public static IServiceCollection AddVisitorLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VisitorLimitOptions>()
            .Bind(configuration.GetSection(VisitorLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<VisitorLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.AddPolicy(RequestsPolicy, context => PerAddress(context, limits.RequestsPerWindow, limits.Window));
            limiter.AddPolicy(MessagesPolicy, context => PerAddress(context, limits.MessagesPerWindow, limits.Window));
            limiter.OnRejected = (rejected, _) => TooManyAsync(rejected.HttpContext, limits.Window);
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });

    private static async ValueTask TooManyAsync(HttpContext context, TimeSpan window)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            title: "Too many requests from your address: wait a minute and try again.",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
    }
}
