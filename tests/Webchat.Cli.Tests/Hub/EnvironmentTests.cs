using Webchat.Cli.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.Hub;

/// <summary><c>WEBCHAT_HUB</c>, <c>WEBCHAT_PROVIDER_ID</c>, <c>WEBCHAT_TOKEN</c> stand in for the options, which win over them.</summary>
public sealed class EnvironmentTests
{
    [Fact]
    public async Task The_variables_stand_in_for_the_options()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        var variables = Variables(hub, TestData.Token);

        var result = await Tool.RunAsync(variables, "send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--message", "Hi");

        Assert.Equal(1, result.Json().GetProperty("taskNumber").GetInt64());
    }

    [Fact]
    public async Task An_option_wins_over_its_variable()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        var variables = Variables(hub, "a-wrong-token-in-the-environment");

        var withOption = await Tool.RunAsync(variables, "get-contact", "--contact-id", "visitor-1", "--token", TestData.Token);
        var withoutOption = await Tool.RunAsync(variables, "get-contact", "--contact-id", "visitor-1");

        Assert.Equal(1, withOption.ExitCode); // the right token: the hub just does not know the contact
        Assert.Contains("unknown contact", withOption.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, withoutOption.ExitCode);
    }

    [Fact]
    public async Task The_full_entry_point_url_works_as_well_as_the_hubs_address()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        var variables = Variables(hub, TestData.Token);
        variables["WEBCHAT_HUB"] = new Uri(hub.BaseAddress, "/webchat/api").ToString();

        var result = await Tool.RunAsync(variables, "send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--message", "Hi");

        Assert.Equal(1, result.Json().GetProperty("taskNumber").GetInt64());
    }

    [Theory]
    [InlineData("WEBCHAT_HUB", "--hub")]
    [InlineData("WEBCHAT_PROVIDER_ID", "--provider-id")]
    [InlineData("WEBCHAT_TOKEN", "--token")]
    public async Task Without_an_option_or_its_variable_the_run_is_bad_usage_naming_both(string variable, string option)
    {
        var variables = Variables("http://127.0.0.1:9", TestData.Token);
        variables.Remove(variable);

        var result = await Tool.RunAsync(variables, "get-task", "--chat-id", "chat-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} is missing", result.Error, StringComparison.Ordinal);
        Assert.Contains(variable, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--provider-id", "super~chat", "must not contain '~'")]
    [InlineData("--hub", "127.0.0.1:5000", "is not an http(s) URL")]
    public async Task A_malformed_connection_option_is_bad_usage_naming_it(string option, string value, string problem)
    {
        var variables = Variables("http://127.0.0.1:9", TestData.Token);

        var result = await Tool.RunAsync(variables, "get-task", "--chat-id", "chat-1", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} '{value}' ", result.Error, StringComparison.Ordinal);
        Assert.Contains(problem, result.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Variables(HubHost hub, string token) => Variables(hub.BaseAddress.ToString(), token);

    private static Dictionary<string, string> Variables(string hub, string token) => new()
    {
        ["WEBCHAT_HUB"] = hub,
        ["WEBCHAT_PROVIDER_ID"] = TestData.ProviderId,
        ["WEBCHAT_TOKEN"] = token,
    };
}
