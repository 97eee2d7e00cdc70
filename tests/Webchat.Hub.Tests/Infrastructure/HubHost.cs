using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// The real hub on real Kestrel, on a free loopback port, over a real store. The one place tests
/// override anything: the store, the clock and configuration. It can be stopped and started
/// again over the same store, as a restart or a crash would.
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsStore;
    private readonly Action<WebApplicationBuilder>? _customize;
    private WebApplication? _app;
    private int? _port;

    private HubHost(TestStore store, bool ownsStore, Dictionary<string, string?> settings, FakeTimeProvider clock, Action<WebApplicationBuilder>? customize)
    {
        Store = store;
        _ownsStore = ownsStore;
        _settings = settings;
        Clock = clock;
        _customize = customize;
    }

    public TestStore Store { get; }

    /// <summary>The hub's clock: starts at 2026-11-25 09:00 UTC and moves only when a test moves it.</summary>
    public FakeTimeProvider Clock { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The hub is not running.");

    /// <summary>
    /// Starts a hub on a fresh store of <paramref name="kind"/>. <paramref name="configure"/> may change any
    /// setting, the store's too; <paramref name="customize"/> may add to the builder (a log capture, say).
    /// </summary>
    public static async Task<HubHost> StartAsync(StoreKind kind, Action<Dictionary<string, string?>>? configure = null, Action<WebApplicationBuilder>? customize = null)
    {
        var store = await TestStore.CreateAsync(kind);
        try
        {
            return await StartAsync(store, ownsStore: true, configure, customize);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a hub over an existing store, which the caller keeps.</summary>
    public static Task<HubHost> StartAsync(TestStore store, Action<Dictionary<string, string?>>? configure = null, Action<WebApplicationBuilder>? customize = null) =>
        StartAsync(store, ownsStore: false, configure, customize);

    private static async Task<HubHost> StartAsync(TestStore store, bool ownsStore, Action<Dictionary<string, string?>>? configure, Action<WebApplicationBuilder>? customize)
    {
        var settings = TestData.Settings();
        configure?.Invoke(settings);
        var host = new HubHost(store, ownsStore, settings, new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero)), customize);
        await host.StartAsync();
        return host;
    }

    /// <summary>Starts the hub (again): what was committed before must all be there.</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The hub is already running.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The store first, so a test's own settings can override it (a configuration test breaks it on purpose).
        // The hub's appsettings.json logs Information, and its rules outrank a minimum level set in code: a
        // test run shows warnings and errors only. A log capture has a rule of its own and still sees every level.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Storage:Provider"] = Store.Kind.ToString(),
            ["ConnectionStrings:Hub"] = Store.ConnectionString,
            ["Logging:LogLevel:Default"] = nameof(LogLevel.Warning),
        });
        // A hub outside Development needs its public address up front: the port is chosen before the
        // start and kept across restarts, as a real hub keeps its address.
        _port ??= FreePort();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:PublicUrl"] = $"http://127.0.0.1:{_port}/" });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        _customize?.Invoke(builder);
        builder.AddHub();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));

        var app = builder.Build();
        app.MapHub();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // A hub that refused to start (bad configuration) must not keep the store open.
            await app.DisposeAsync();
            throw;
        }

        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>Stops the hub, letting it finish what it is doing, as <c>Ctrl+C</c> would.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>A client for the provider's side of the protocol, as <paramref name="token"/>'s owner.</summary>
    public ProviderClient Provider(string token = TestData.Token) => new(CreateClient(), token);

    /// <summary>A client for the operator API, authenticated with <paramref name="apiKey"/> unless null.</summary>
    public HttpClient Operator(string? apiKey = TestData.ApiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsStore)
        {
            await Store.DisposeAsync();
        }
    }
}

/// <summary>Sends the protocol's commands to the hub the way a provider does: a form POST to <c>/webchat/api</c>.</summary>
public sealed class ProviderClient(HttpClient http, string token) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> SendAsync(HubCommand command) => PostAsync(HubCommandCodec.Encode(command, token));

    public Task<HttpResponseMessage> PostAsync(FormFields form) => PostAsync(form.Encode());

    /// <summary>Posts a raw body, exactly as given.</summary>
    public Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/x-www-form-urlencoded")
    {
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.PostAsync("/webchat/api", content, TestContext.Current.CancellationToken);
    }

    public void Dispose() => http.Dispose();
}
