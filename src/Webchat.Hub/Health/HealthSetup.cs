using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Webchat.Hub.Delivery;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the store is reachable and migrated,
/// the writer's queue is below its bound, and no delivery is overdue by more than
/// <see cref="HealthOptions.MaxDeliveryDelay"/>. Each answers 200 or 503 with a JSON report per check.
/// </summary>
public static class HealthSetup
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddHubHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>()
            .Bind(configuration.GetSection(HealthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<WriterQueueHealthCheck>("writeQueue", tags: [ReadyTag])
            .AddCheck<DeliveryDelayHealthCheck>("delivery", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHubHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .DisableRateLimiting();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .DisableRateLimiting();
        return endpoints;
    }

    /// <summary><c>{"status":"Healthy","checks":{"store":{"status":"Healthy","description":"…"}}}</c></summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => new Dictionary<string, string?>
            {
                ["status"] = e.Value.Status.ToString(),
                ["description"] = e.Value.Description,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}

/// <summary>The store answers and has every migration this hub knows.</summary>
internal sealed class StoreHealthCheck(IDbContextFactory<HubDbContext> contexts, StoreReadiness readiness) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy("The store is being brought up to date.");
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The store answers and is up to date.")
                : HealthCheckResult.Unhealthy($"The store lacks {pending.Count} migration(s): {string.Join(", ", pending)}.");
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer: " + StoreErrors.Reason(exception));
        }
    }
}

/// <summary>The writer keeps up: its queue is below <see cref="HealthOptions.MaxWriteQueueShare"/> of its bound.</summary>
internal sealed class WriterQueueHealthCheck(StoreWriter writer, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = (int)(writer.Capacity * options.Value.MaxWriteQueueShare);
        var waiting = writer.Waiting;
        return Task.FromResult(waiting < limit
            ? HealthCheckResult.Healthy($"{waiting} writes wait (unready at {limit}).")
            : HealthCheckResult.Unhealthy($"{waiting} writes wait for the store, {limit} or more (Hub:Health:MaxWriteQueueShare of Hub:Storage:MaxQueuedWrites)."));
    }
}

/// <summary>No delivery is overdue by more than <see cref="HealthOptions.MaxDeliveryDelay"/>.</summary>
internal sealed class DeliveryDelayHealthCheck(IDbContextFactory<HubDbContext> contexts, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var limit = options.Value.MaxDeliveryDelay;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var oldest = await Outbox.OldestDueAsync(db, now, cancellationToken);
            var delay = oldest is { } due ? now - due : TimeSpan.Zero;
            return delay <= limit
                ? HealthCheckResult.Healthy(oldest is null ? "No delivery is due." : $"The oldest due delivery has waited {delay:c}.")
                : HealthCheckResult.Unhealthy($"A delivery has been due for {delay:c}, over Hub:Health:MaxDeliveryDelay ({limit:c}): is the delivery worker stuck, or the store?");
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The outbox could not be read: " + StoreErrors.Reason(exception));
        }
    }
}
