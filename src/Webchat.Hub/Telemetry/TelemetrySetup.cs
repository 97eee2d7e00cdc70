using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Webchat.Hub.Telemetry;

/// <summary>
/// The hub's metrics and traces (<see cref="HubMetrics"/>, and ASP.NET Core's) through OpenTelemetry:
/// sent over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and scraped at <c>/metrics</c> when
/// <c>Hub:Metrics:Prometheus</c> is on.
/// </summary>
public static class TelemetrySetup
{
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = PrometheusOn(builder.Configuration);
        if (!otlp && !prometheus)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(HubMetrics.Name, serviceVersion: typeof(HubMetrics).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HubMetrics.Name).AddAspNetCoreInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(HubMetrics.Name).AddAspNetCoreInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (PrometheusOn(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            endpoints.MapPrometheusScrapingEndpoint(ScrapePath).DisableRateLimiting();
        }

        return endpoints;
    }

    /// <summary>Read before the host is built (it decides what is registered); a value the binder cannot read stops the hub naming it.</summary>
    private static bool PrometheusOn(IConfiguration configuration) =>
        configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>()?.Prometheus ?? false;
}

/// <summary><c>Hub:Metrics</c>: where the hub's metrics can be read.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Hub:Metrics";

    /// <summary>Serve a Prometheus scrape endpoint at <c>/metrics</c> (off by default; it is not behind an API key).</summary>
    public bool Prometheus { get; set; }
}
