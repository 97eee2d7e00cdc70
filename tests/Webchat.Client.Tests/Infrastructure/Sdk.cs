using Microsoft.Extensions.Options;
using Webchat.Client;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Client.Tests.Infrastructure;

/// <summary>
/// A <see cref="WebchatClient"/> as an application gets it: from <c>AddWebchatClient</c>, through its
/// retry pipeline, to a real hub or a fake one. Retries wait a millisecond unless a test says otherwise.
/// </summary>
public sealed class Sdk : IDisposable
{
    private readonly ServiceProvider _services;

    private Sdk(ServiceProvider services)
    {
        _services = services;
        Client = services.GetRequiredService<WebchatClient>();
    }

    public WebchatClient Client { get; }

    public WebchatOptions Options => _services.GetRequiredService<IOptions<WebchatOptions>>().Value;

    public static Sdk For(Uri hubUrl, Action<WebchatOptions>? configure = null) => new(Services(o =>
    {
        o.HubUrl = hubUrl;
        o.ProviderId = TestData.ProviderId;
        o.PlanfixToken = TestData.Token;
        o.RetryDelay = TimeSpan.FromMilliseconds(1);
        configure?.Invoke(o);
    }));

    /// <summary>The real hub's entry point.</summary>
    public static Sdk For(HubHost hub, Action<WebchatOptions>? configure = null) => For(new Uri(hub.BaseAddress, "/webchat/api"), configure);

    private static ServiceProvider Services(Action<WebchatOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWebchatClient(configure);
        return services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();
}
