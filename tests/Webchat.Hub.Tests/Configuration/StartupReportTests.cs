using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Configuration;

/// <summary>At start the hub tells its operator where it is, what it uses, and what is configured by half.</summary>
public sealed class StartupReportTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_start_names_the_address_the_store_and_the_APIs_and_warns_of_each_half_configured_thing(StoreKind store)
    {
        var logs = new CapturedLogs();
        await using (var hub = await HubHost.StartAsync(store, s => s.Remove("Hub:ApiKeys:0"), logs.AddTo))
        {
            var lines = logs.Entries.Where(e => e.Category == "Webchat.Hub.Startup").ToList();
            var info = string.Join('\n', lines.Where(e => e.Level == LogLevel.Information).Select(e => e.Message));
            Assert.Contains($"listening on {hub.BaseAddress.ToString().TrimEnd('/')}", info, StringComparison.Ordinal);
            Assert.Contains($"Store: {store} at ", info, StringComparison.Ordinal);
            Assert.Contains("/openapi/v1.json", info, StringComparison.Ordinal);
            Assert.Contains("/webchat/api", info, StringComparison.Ordinal);

            var warnings = lines.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
            Assert.Contains(warnings, w => w.Contains("Hub:ApiKeys is empty", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Contains($"Hub:Integrations:0:ProviderUrl is not set for '{TestData.ProviderId}'", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Contains($"Hub:Integrations:1:ProviderUrl is not set for '{TestData.OtherProviderId}'", StringComparison.Ordinal));
            Assert.DoesNotContain(warnings, w => w.Contains("Hub:Integrations is empty", StringComparison.Ordinal));
            // No secret is logged: integration tokens, and no connection-string password (Identity's "PasswordHash" column is no secret).
            Assert.DoesNotContain(logs.Entries, e => e.AllText.Contains(TestData.Token, StringComparison.Ordinal)
                || e.AllText.Contains(TestData.ProviderToken, StringComparison.Ordinal)
                || e.AllText.Contains("Password=", StringComparison.OrdinalIgnoreCase));
        }
    }
}
