using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Webchat.Client;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Client.Tests.Infrastructure;

/// <summary>
/// A provider built on the SDK: <c>MapWebchatProvider("/planfix", handler)</c> on real Kestrel on a free
/// loopback port, expecting <see cref="TestData.ProviderToken"/>. It records what its handler was handed.
/// </summary>
public sealed class ProviderApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<IncomingHubMessage> _handled = [];

    private ProviderApp(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Every message the handler was called with, in order.</summary>
    public IReadOnlyList<IncomingHubMessage> Handled
    {
        get
        {
            lock (_gate)
            {
                return [.. _handled];
            }
        }
    }

    public static async Task<ProviderApp> StartAsync(Func<IncomingHubMessage, Task<ProviderAnswer?>> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<WebchatOptions>(o => o.ProviderToken = TestData.ProviderToken);
        var app = builder.Build();
        var provider = new ProviderApp(app);
        app.MapWebchatProvider("/planfix", async (message, _) =>
        {
            lock (provider._gate)
            {
                provider._handled.Add(message);
            }

            return await handler(message);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        provider.Url = new Uri(new Uri(address), "/planfix");
        return provider;
    }

    /// <summary>A provider that takes every message and answers a first message with the chat <paramref name="chatId"/>.</summary>
    public static Task<ProviderApp> StartAsync(string chatId = "chat-new", string contactId = "contact-7") =>
        StartAsync(message => Task.FromResult(message.IsFirstMessage ? new ProviderAnswer(chatId, contactId) : null));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
