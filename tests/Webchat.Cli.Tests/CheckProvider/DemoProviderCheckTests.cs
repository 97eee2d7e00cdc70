using Webchat.Cli.Tests.Infrastructure;
using Webchat.DemoProvider.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.CheckProvider;

/// <summary>The reference provider passes the conformance check: the kit's two halves agree.</summary>
public sealed class DemoProviderCheckTests
{
    [Fact]
    public async Task Check_provider_passes_against_the_demo_provider()
    {
        // The demo never calls the hub during the check: the hub's address only has to be well-formed.
        await using var demo = await DemoHost.StartAsync(new Uri("http://127.0.0.1:9/webchat/api"));

        var result = await Tool.RunAsync("check-provider", demo.ProviderUrl.ToString(), "--token", TestData.ProviderToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASSED: 6 of 6 required checks passed", result.Out, StringComparison.Ordinal);
    }
}
