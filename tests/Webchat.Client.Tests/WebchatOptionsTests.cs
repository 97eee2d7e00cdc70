using Microsoft.Extensions.Options;

namespace Webchat.Client.Tests;

public sealed class WebchatOptionsTests
{
    [Fact]
    public void The_options_come_from_the_Webchat_section()
    {
        using var services = Services(new()
        {
            ["Webchat:HubUrl"] = "http://127.0.0.1:5000/webchat/api",
            ["Webchat:ProviderId"] = "superchat",
            ["Webchat:PlanfixToken"] = "303cb962ac59075b964b07152d234b70",
            ["Webchat:ProviderToken"] = "provider-secret",
        });

        var options = services.GetRequiredService<IOptions<WebchatOptions>>().Value;

        Assert.Equal(("http://127.0.0.1:5000/webchat/api", "superchat", "303cb962ac59075b964b07152d234b70", "provider-secret"),
            (options.HubUrl?.ToString(), options.ProviderId, options.PlanfixToken, options.ProviderToken));
        Assert.NotNull(services.GetRequiredService<WebchatClient>());
    }

    [Fact]
    public void Every_bad_setting_is_named_at_once()
    {
        using var services = Services(new()
        {
            ["Webchat:HubUrl"] = "/webchat/api",
            ["Webchat:ProviderId"] = "super~chat",
            ["Webchat:MaxRetries"] = "50",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WebchatOptions>>().Value);

        Assert.Equal(4, failure.Failures.Count());
        Assert.Contains(failure.Failures, f => f.StartsWith("Webchat:HubUrl", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Webchat:ProviderId must not contain '~'", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Webchat:PlanfixToken is missing", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Webchat:MaxRetries", StringComparison.Ordinal));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddWebchatClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
