using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Webchat.Cli.Tests.Infrastructure;
using Webchat.DemoProvider;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.CheckProvider;

/// <summary>The reference provider passes the conformance check: the kit's two halves agree.</summary>
public sealed class DemoProviderCheckTests
{
    [Fact]
    public async Task Check_provider_passes_against_the_demo_provider()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The demo never calls the hub during the check: the hub's address only has to be well-formed.
            ["Webchat:HubUrl"] = "http://127.0.0.1:9/webchat/api",
            ["Webchat:ProviderId"] = TestData.ProviderId,
            ["Webchat:PlanfixToken"] = TestData.Token,
            ["Webchat:ProviderToken"] = TestData.ProviderToken,
            ["Logging:LogLevel:Default"] = nameof(LogLevel.Warning),
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddDemoProvider();
        await using var demo = builder.Build();
        demo.MapDemoProvider();
        await demo.StartAsync(TestContext.Current.CancellationToken);
        var address = demo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        var result = await Tool.RunAsync("check-provider", address + "/planfix", "--token", TestData.ProviderToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASSED: 6 of 6 required checks passed.", result.Out, StringComparison.Ordinal);
    }
}
