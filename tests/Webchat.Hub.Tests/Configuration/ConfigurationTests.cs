using Webchat.Hub.Configuration;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Configuration;

/// <summary>A hub with a bad configuration refuses to start, and says which setting is wrong.</summary>
public sealed class ConfigurationTests
{
    private static readonly string[] Secrets = [TestData.Token, TestData.OtherToken, TestData.ProviderToken, TestData.ApiKey];

    /// <summary>Starts a hub with <paramref name="changes"/> (a null value removes the setting) and returns why it refused.</summary>
    private static async Task<string> RefusalAsync(params (string Key, string? Value)[] changes)
    {
        var refusal = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings =>
            {
                foreach (var (key, value) in changes)
                {
                    if (value is null)
                    {
                        settings.Remove(key);
                    }
                    else
                    {
                        settings[key] = value;
                    }
                }
            });
        });
        Assert.IsNotType<OperationCanceledException>(refusal, exactMatch: false);
        return refusal.Message;
    }

    public static TheoryData<string, string?> BadSettings => new()
    {
        { "Hub:Integrations:0:PlanfixToken", null },
        { "Hub:Integrations:0:PlanfixToken", "too-short" },
        { "Hub:Integrations:1:PlanfixToken", TestData.Token },
        { "Hub:Integrations:0:ProviderId", null },
        { "Hub:Integrations:0:ProviderId", "super~chat" },
        { "Hub:Integrations:1:ProviderId", TestData.ProviderId },
        { "Hub:Integrations:0:OwnerEmail", "nobody@example.com" },
        { "Hub:Integrations:0:OwnerEmail", null },
        { "Hub:Integrations:0:DefaultEmployeeEmail", "nobody@example.com" },
        { "Hub:Integrations:0:ProviderUrl", "ftp://files.example/api" },
        { "Hub:Integrations:0:ProviderUrl", "/relative/api" },
        { "Hub:Integrations:0:NewTaskIfNoActiveTask", "maybe" },
        { "Hub:Integrations:0:WriteButtonForContactsWithPhone", "sometimes" },
        { "Hub:Integrations:0:TaskFields:1", " " },
        { "Hub:ApiKeys:0", "short" },
        { "Hub:Employees:0:Email", "not-an-email" },
        { "Hub:Employees:1:Email", TestData.OwnerEmail },
        { "Hub:Employees:0:Name", null },
        { "Hub:Inbound:MaxBodyBytes", "10" },
        { "Hub:Inbound:MaxBodyBytes", "lots" },
        { "Hub:Inbound:MaxAttachments", "0" },
        { "Hub:Inbound:MaxMessageLength", "0" },
        { "Hub:Numbering:FirstTaskNumber", "0" },
        { "Hub:Numbering:FirstContactNumber", "-5" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_hub_at_start_with_a_message_naming_it(string key, string? value)
    {
        var message = await RefusalAsync((key, value));

        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secrets, secret => message.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("7")]
    public async Task An_unknown_store_stops_the_hub_saying_which_stores_there_are(string provider)
    {
        var message = await RefusalAsync(("Hub:Storage:Provider", provider));

        Assert.Equal($"Hub:Storage:Provider '{provider}' is not known: use Sqlite or Postgres.", message);
    }

    [Fact]
    public async Task The_store_is_named_in_any_case()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Storage:Provider"] = "sqlite");
        using var provider = hub.Provider();

        (await provider.CallAsync(TestData.Message())).ShouldBeOk();
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_the_hub_naming_both_settings()
    {
        var message = await RefusalAsync(("Hub:Storage:Provider", "Postgres"), ("ConnectionStrings:Hub", ""));

        Assert.Contains("Hub:Storage:Provider", message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Hub", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_setting_is_named_at_once_not_one_per_attempt()
    {
        var message = await RefusalAsync(("Hub:Integrations:0:PlanfixToken", "short"), ("Hub:Integrations:1:OwnerEmail", "nobody@example.com"), ("Hub:ApiKeys:0", "short"));

        Assert.Contains("Hub:Integrations:0:PlanfixToken", message, StringComparison.Ordinal);
        Assert.Contains("Hub:Integrations:1:OwnerEmail", message, StringComparison.Ordinal);
        Assert.Contains("Hub:ApiKeys:0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_configuration_is_a_configuration_failure_raised_before_any_request()
    {
        var refusal = await Assert.ThrowsAsync<HubConfigurationException>(async () =>
        {
            await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Integrations:0:PlanfixToken"] = "short");
        });

        Assert.Contains("Hub:Integrations:0:PlanfixToken must be at least 16 characters long.", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_hub_process_refuses_a_bad_configuration_with_a_failing_exit_code_and_never_prints_a_token(StoreKind store)
    {
        await using var testStore = await TestStore.CreateAsync(store);
        var settings = TestData.Settings();
        settings["Hub:Integrations:1:PlanfixToken"] = TestData.Token;

        var (exitCode, output) = await HubProcess.RunUntilExitAsync(testStore, settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Hub:Integrations:1:PlanfixToken", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secrets, secret => output.Contains(secret, StringComparison.Ordinal));
    }
}
