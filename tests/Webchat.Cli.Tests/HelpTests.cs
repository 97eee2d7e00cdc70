using Webchat.Cli.Tests.Infrastructure;

namespace Webchat.Cli.Tests;

/// <summary><c>--help</c> on the tool and on every verb: usage, options, and examples to copy.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("send", "--attachment")]
    [InlineData("get-task", "--chat-id")]
    [InlineData("get-contact", "--contact-id")]
    [InlineData("update-contact", "--last-name")]
    [InlineData("status", "--status")]
    [InlineData("listen", "--port")]
    [InlineData("check-provider", "--timeout")]
    public async Task Every_verb_has_help_with_its_options_and_examples(string verb, string option)
    {
        var result = await Tool.RunAsync(verb, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"webchat {verb}", result.Out, StringComparison.Ordinal);
        Assert.Contains(option, result.Out, StringComparison.Ordinal);
        var examples = result.Out[result.Out.IndexOf("Examples:", StringComparison.Ordinal)..];
        Assert.Contains($"webchat {verb} ", examples, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tools_help_lists_every_verb()
    {
        var result = await Tool.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var verb in new[] { "send", "get-task", "get-contact", "update-contact", "status", "listen", "check-provider" })
        {
            Assert.Contains(verb, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_hub_verbs_help_names_the_environment_variables()
    {
        var result = await Tool.RunAsync("send", "--help");

        Assert.Contains("$WEBCHAT_HUB", result.Out, StringComparison.Ordinal);
        Assert.Contains("$WEBCHAT_PROVIDER_ID", result.Out, StringComparison.Ordinal);
        Assert.Contains("$WEBCHAT_TOKEN", result.Out, StringComparison.Ordinal);
    }
}
