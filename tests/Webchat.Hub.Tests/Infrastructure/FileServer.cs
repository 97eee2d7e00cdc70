using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// A provider's file host: a tiny Kestrel app on a free loopback port serving the files a test puts
/// there at <c>/f/{name}</c>, counting every request. A file's next answers can be programmed (an
/// error, a redirect) before it is served as it is.
/// </summary>
public sealed class FileServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpResponse, Task>>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private WebApplication? _app;

    private FileServer()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FileServer> StartAsync()
    {
        var server = new FileServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/f/{name}", server.ServeAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        server._app = app;
        server.BaseAddress = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Puts a file at <c>/f/{name}</c>; returns its address.</summary>
    public string Put(string name, byte[] body, string contentType = "application/octet-stream")
    {
        _files[name] = (body, contentType);
        return UrlOf(name);
    }

    public string UrlOf(string name) => new Uri(BaseAddress, "/f/" + name).AbsoluteUri;

    /// <summary>The next request for <paramref name="name"/> is answered with <paramref name="status"/> (and <paramref name="location"/>, if given).</summary>
    public void ThenAnswer(string name, int status, string? location = null) =>
        _answers.GetOrAdd(name, _ => new()).Enqueue(response =>
        {
            response.StatusCode = status;
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            return Task.CompletedTask;
        });

    /// <summary>How many requests for <paramref name="name"/> came.</summary>
    public int Requests(string name) => _requests.GetValueOrDefault(name);

    public int AllRequests => _requests.Values.Sum();

    private async Task ServeAsync(string name, HttpResponse response)
    {
        _requests.AddOrUpdate(name, 1, (_, count) => count + 1);
        if (_answers.TryGetValue(name, out var answers) && answers.TryDequeue(out var answer))
        {
            await answer(response);
            return;
        }

        if (!_files.TryGetValue(name, out var file))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        response.ContentType = file.ContentType;
        await response.Body.WriteAsync(file.Body);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
