using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Telemetry;

/// <summary>With Hub:Metrics:Prometheus on, the hub's metrics can be scraped at /metrics.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task The_hubs_metrics_are_scraped_at_metrics_when_prometheus_is_on()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, s => s["Hub:Metrics:Prometheus"] = "true");
        using var provider = hub.Provider();
        await provider.SendOkAsync(TestData.Message());
        using var client = hub.CreateClient();

        string scraped = string.Empty;
        await Eventually.TrueAsync(
            async () => (scraped = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken)).Contains("webchat_hub_inbound_commands", StringComparison.Ordinal),
            () => "the inbound counter in the scrape: " + scraped);
        Assert.Contains("webchat_hub_inbound_duration", scraped, StringComparison.Ordinal);
        Assert.Contains("webchat_hub_write_batch_size", scraped, StringComparison.Ordinal);
    }
}
