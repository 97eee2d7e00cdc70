using System.Net;
using System.Net.Sockets;
using Webchat.DemoProvider;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.DemoProvider.Tests.Infrastructure;

/// <summary>
/// The demo provider on real Kestrel on loopback, configured through its <c>Webchat</c> section to talk to a
/// hub (real or fake) as <see cref="TestData.ProviderId"/>. Its port is chosen before it starts, so the hub can
/// be told where to deliver first.
/// </summary>
public sealed class DemoHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Where the hub delivers: the demo's provider URL.</summary>
    public Uri ProviderUrl => new(BaseAddress, "/planfix");

    /// <summary>A free loopback address for a demo to start on.</summary>
    public static Uri FreeAddress()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public static async Task<DemoHost> StartAsync(Uri hubUrl, Uri? address = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        address ??= FreeAddress();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webchat:HubUrl"] = hubUrl.ToString(),
            ["Webchat:ProviderId"] = TestData.ProviderId,
            ["Webchat:PlanfixToken"] = TestData.Token,
            ["Webchat:ProviderToken"] = TestData.ProviderToken,
            ["Webchat:RetryDelay"] = "00:00:00.010",
            ["Logging:LogLevel:Default"] = nameof(LogLevel.Warning),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(address.ToString());
        builder.AddDemoProvider();
        var app = builder.Build();
        app.MapDemoProvider();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new DemoHost(app, address);
    }

    /// <summary>A visitor's browser without a browser: keeps the visitor cookie between calls.</summary>
    public HttpClient Visitor() => new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
