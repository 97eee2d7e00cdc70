using Webchat.Hub.Configuration;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Attachments;

/// <summary><c>Hub:Attachments</c> is checked at start: a bad setting is named, and the hub does not start.</summary>
public sealed class AttachmentOptionsTests
{
    [Fact]
    public async Task Bad_attachment_settings_are_each_named_at_start()
    {
        var refusal = await Assert.ThrowsAsync<HubConfigurationException>(async () =>
        {
            await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings =>
            {
                settings["Hub:Attachments:MaxBytes"] = "0";
                settings["Hub:Attachments:Timeout"] = "00:00:00";
                settings["Hub:Attachments:MaxAttempts"] = "0";
                settings["Hub:Attachments:MaxConcurrency"] = "1000";
            });
        });

        Assert.Contains("Hub:Attachments:MaxBytes must be between 1 and 2147483648.", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Attachments:Timeout", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Attachments:MaxAttempts", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Attachments:MaxConcurrency", refusal.Message, StringComparison.Ordinal);
    }
}
