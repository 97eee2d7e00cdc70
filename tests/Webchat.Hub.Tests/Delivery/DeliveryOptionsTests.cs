using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

public sealed class DeliveryOptionsTests
{
    [Fact]
    public async Task Bad_delivery_and_upload_settings_stop_the_hub_at_start_with_messages_naming_each_setting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => HubHost.StartAsync(StoreKind.Sqlite, s =>
        {
            s["Hub:PublicUrl"] = "ftp://hub.example.com/";
            s["Hub:Delivery:Timeout"] = "00:00:00.5";
            s["Hub:Delivery:MaxConcurrency"] = "0";
            s["Hub:Delivery:LaneRun"] = "0";
            s["Hub:Delivery:RetrySchedule:0"] = "-00:00:01";
            s["Hub:Delivery:Jitter"] = "2";
            s["Hub:Delivery:TaskEmailPattern"] = "tasks@example.com";
            s["Hub:Uploads:MaxFiles"] = "0";
        }));

        var messages = string.Join("\n", Flatten(failure).Select(e => e.Message));
        Assert.Contains("Hub:PublicUrl must be an absolute http or https URL", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Delivery:Timeout must be between", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Delivery:MaxConcurrency must be between", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Delivery:LaneRun must be between 1 and 256", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Delivery:RetrySchedule:0 must be more than 0", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Delivery:Jitter must be between", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Delivery:TaskEmailPattern must be an e-mail address with {number}", messages, StringComparison.Ordinal);
        Assert.Contains("Hub:Uploads:MaxFiles must be between", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception exception) =>
        exception is AggregateException aggregate ? aggregate.InnerExceptions.SelectMany(Flatten) : [exception];
}
