using Webchat.Cli.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.Hub;

/// <summary>Each kind of error: its exit code, and one line on stderr that says what to fix.</summary>
public sealed class ExitCodeTests
{
    [Fact]
    public async Task A_wrong_token_exits_3_and_names_the_option_to_fix()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);

        var result = await Tool.RunAsync("get-task", "--hub", hub.BaseAddress.ToString(), "--provider-id", TestData.ProviderId, "--token", "wrong-token-0123456789", "--chat-id", "chat-1");

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("Invalid token", result.Error, StringComparison.Ordinal);
        Assert.Contains("--token", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hubs_invalid_parameters_exits_2()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);

        // No message the hub sent has this id: the hub answers Invalid parameters.
        var result = await Tool.RunAsync(hub.With("status", "--message-id", "987654", "--status", "sent"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Invalid parameters", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_hub_that_is_not_running_exits_1_and_says_to_check_the_hub_address()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        var args = hub.With("get-contact", "--contact-id", "visitor-1");
        await hub.StopAsync();

        var result = await Tool.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not reach the hub", result.Error, StringComparison.Ordinal);
        Assert.Contains("--hub", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_hub_that_cannot_take_the_command_now_exits_1_after_the_retries()
    {
        // A stand-in for a hub whose store is down: it answers every call as the hub does then.
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => ReceiverAnswer.Error(503, "Temporarily unavailable"));

        var result = await Tool.RunAsync("get-task", "--hub", hub.Url.ToString(), "--provider-id", TestData.ProviderId, "--token", TestData.Token, "--chat-id", "chat-1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the hub answered 503 Temporarily unavailable", result.Error, StringComparison.Ordinal);
        Assert.Contains("run it again later", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, hub.Calls.Count); // the first try and the two retries
    }

    [Fact]
    public async Task An_address_that_is_not_a_hub_exits_1_and_says_to_check_it()
    {
        await using var notAHub = await ProviderReceiver.StartAsync();
        notAHub.Answer(_ => new ReceiverAnswer(200, "<html><body>Welcome</body></html>"));

        var result = await Tool.RunAsync("get-contact", "--hub", notAHub.Url.ToString(), "--provider-id", TestData.ProviderId, "--token", TestData.Token, "--contact-id", "visitor-1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is --hub (WEBCHAT_HUB) the hub's address?", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadUsage => new()
    {
        { ["send", "--contact-id", "v1", "--message", "Hi"], "--chat-id" },
        { ["send", "--chat-id", "c1", "--contact-id", "v1"], "--message" },
        { ["send", "--chat-id", "c1", "--contact-id", "v1", "--attachment", "no-equals-sign"], "NAME=URL" },
        { ["send", "--chat-id", "c1", "--contact-id", "v1", "--attachment", "a.pdf=not-a-url"], "absolute http" },
        { ["send", "--chat-id", "c1", "--contact-id", "v1", "--message", "Hi", "--user-email", "a@example.com"], "--echo" },
        { ["status", "--message-id", "1", "--status", "delivered"], "delivered" },
        { ["update-contact", "--contact-id", "v1"], "--name" },
        { ["listen", "--token", "t"], "--port" },
        { ["no-such-verb"], "no-such-verb" },
        { [], "command" },
    };

    [Theory]
    [MemberData(nameof(BadUsage))]
    public async Task Bad_usage_exits_2_with_the_mistake_and_where_to_read_more(string[] args, string named)
    {
        var result = await Tool.RunAsync(new Dictionary<string, string> { ["WEBCHAT_HUB"] = "http://127.0.0.1:9", ["WEBCHAT_PROVIDER_ID"] = "p", ["WEBCHAT_TOKEN"] = "t" }, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }
}
