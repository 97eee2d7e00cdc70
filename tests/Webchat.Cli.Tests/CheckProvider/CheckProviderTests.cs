using System.Text.Json;
using Webchat.Cli.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.CheckProvider;

/// <summary><c>webchat check-provider</c> against real endpoints on loopback: a correct one, and one per defect it must report.</summary>
public sealed class CheckProviderTests
{
    [Fact]
    public async Task A_correct_provider_passes_every_check()
    {
        await using var provider = await ProviderReceiver.StartAsync();
        provider.Answer(Providers.Correct);

        var result = await Tool.RunAsync("check-provider", provider.Url.ToString(), "--token", Providers.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASSED: 6 of 6 required checks passed", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", result.Out, StringComparison.Ordinal);
        // (Whether answers came within 2 s depends on the machine's load: that advisory is not asserted.)
        Assert.Matches(@"repeated messageId accepted \(advisory\)\s+PASS", result.Out);
        Assert.Matches(@"answers are JSON \(advisory\)\s+PASS", result.Out);
        // What the provider received is what the hub sends: the Cyrillic, the emoji and every attachment, in order.
        var unicode = provider.Calls.Single(c => c.Form.GetAll("attachments[name]").Count == 3);
        Assert.Contains("Здравствуйте", unicode.Text, StringComparison.Ordinal);
        Assert.Contains("👍🏽", unicode.Text, StringComparison.Ordinal);
        Assert.Equal(["счёт №1.pdf", "фото 😀.jpg", "схема.png"], unicode.Form.GetAll("attachments[name]"));
        Assert.Equal(3, unicode.Form.GetAll("attachments[url]").Count);
        // Progress went to stderr, one line per call.
        Assert.Contains("checking: a first message", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Defects => new()
    {
        { nameof(Providers.RefusesRightToken), "right token accepted" },
        { nameof(Providers.IgnoresToken), "wrong token refused" },
        { nameof(Providers.AcceptsMissingToken), "missing token refused" },
        { nameof(Providers.ForgetsFirstMessage), "first message opens a chat" },
        { nameof(Providers.RefusesSeveralAttachments), "Cyrillic, emoji, attachments" },
        { nameof(Providers.HangsOnFirstMessage), "answers within the hub's timeout" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task Each_defect_is_reported_with_its_fix_and_fails_the_run(string defect, string check)
    {
        await using var provider = await ProviderReceiver.StartAsync();
        provider.Answer(Behaviour(defect));

        var result = await Tool.RunAsync("check-provider", provider.Url.ToString(), "--token", Providers.Token, "--timeout", "1", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.Out);
        Assert.False(report.RootElement.GetProperty("passed").GetBoolean());
        var row = report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == check);
        Assert.Equal("fail", row.GetProperty("result").GetString());
        Assert.False(string.IsNullOrWhiteSpace(row.GetProperty("fix").GetString()));
    }

    [Fact]
    public async Task The_table_names_the_failed_check_what_was_seen_and_the_fix()
    {
        await using var provider = await ProviderReceiver.StartAsync();
        provider.Answer(Providers.IgnoresToken);

        var result = await Tool.RunAsync("check-provider", provider.Url.ToString(), "--token", Providers.Token);

        Assert.Equal(1, result.ExitCode);
        var row = result.Out.Split('\n').Single(l => l.StartsWith("wrong token refused", StringComparison.Ordinal));
        Assert.Contains("FAIL", row, StringComparison.Ordinal);
        Assert.Contains("200 {}", row, StringComparison.Ordinal);
        Assert.Contains("answer 401", row, StringComparison.Ordinal);
        Assert.Contains("FAILED: 4 of 6 required checks passed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advisory_defects_warn_without_failing_the_run()
    {
        await using var provider = await ProviderReceiver.StartAsync();
        provider.Answer(Providers.SloppyButConformant());

        var result = await Tool.RunAsync("check-provider", provider.Url.ToString(), "--token", Providers.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASSED: 6 of 6 required checks passed, ", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"repeated messageId accepted \(advisory\)\s+WARN\s+409", result.Out);
        Assert.Matches(@"answers are JSON \(advisory\)\s+WARN", result.Out);
    }

    [Fact]
    public async Task A_provider_that_is_not_running_fails_every_required_check()
    {
        await using var provider = await ProviderReceiver.StartAsync();
        var url = provider.Url.ToString();
        await provider.GoDownAsync();

        var result = await Tool.RunAsync("check-provider", url, "--token", Providers.Token, "--json");

        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.Out);
        Assert.All(
            report.RootElement.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("required").GetBoolean()),
            c => Assert.Equal("fail", c.GetProperty("result").GetString()));
        Assert.Contains("could not connect", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_comes_from_WEBCHAT_PROVIDER_TOKEN_and_without_it_the_run_is_bad_usage()
    {
        await using var provider = await ProviderReceiver.StartAsync();
        provider.Answer(Providers.Correct);

        var fromVariable = await Tool.RunAsync(new Dictionary<string, string> { ["WEBCHAT_PROVIDER_TOKEN"] = Providers.Token }, "check-provider", provider.Url.ToString());
        var without = await Tool.RunAsync("check-provider", provider.Url.ToString());

        Assert.True(fromVariable.ExitCode == 0, fromVariable.ToString());
        Assert.Equal(2, without.ExitCode);
        Assert.Contains("--token is missing", without.Error, StringComparison.Ordinal);
        Assert.Contains("WEBCHAT_PROVIDER_TOKEN", without.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_timeout_is_the_hubs_own_delivery_timeout()
    {
        var help = await Tool.RunAsync("check-provider", "--help");

        var seconds = new Webchat.Hub.Delivery.DeliveryOptions().Timeout.TotalSeconds;
        Assert.Matches($@"--timeout <timeout>\s+Seconds the hub waits.*\[default: {seconds}\]", help.Out);
    }

    private static Func<ReceivedCall, ReceiverAnswer> Behaviour(string defect) => defect switch
    {
        nameof(Providers.RefusesRightToken) => Providers.RefusesRightToken,
        nameof(Providers.IgnoresToken) => Providers.IgnoresToken,
        nameof(Providers.AcceptsMissingToken) => Providers.AcceptsMissingToken,
        nameof(Providers.ForgetsFirstMessage) => Providers.ForgetsFirstMessage,
        nameof(Providers.RefusesSeveralAttachments) => Providers.RefusesSeveralAttachments,
        nameof(Providers.HangsOnFirstMessage) => Providers.HangsOnFirstMessage,
        _ => throw new ArgumentOutOfRangeException(nameof(defect), defect, null),
    };
}
