using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// A provider's URL for the hub to call: a tiny Kestrel app on a free loopback port that records every
/// call's form fields in order and answers as the test programs it. It can go down (stopped: the port
/// refuses connections) and come back on the same port.
/// </summary>
public sealed class ProviderReceiver : IAsyncDisposable
{
    public const string Path = "/planfix_api";

    private readonly Lock _gate = new();
    private readonly List<ReceivedCall> _calls = [];
    private Func<ReceivedCall, Task<ReceiverAnswer>> _behaviour = _ => Task.FromResult(ReceiverAnswer.Ok());
    private WebApplication? _app;
    private int _port;

    private ProviderReceiver()
    {
    }

    public Uri Url => new($"http://127.0.0.1:{_port}{Path}");

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The calls the receiver answered 2xx to, in order: what a provider took in.</summary>
    public IReadOnlyList<ReceivedCall> Accepted => [.. Calls.Where(c => c.Status is >= 200 and < 300)];

    public static async Task<ProviderReceiver> StartAsync()
    {
        var receiver = new ProviderReceiver();
        await receiver.ListenAsync(0);
        return receiver;
    }

    /// <summary>How the next calls are answered.</summary>
    public void Answer(Func<ReceivedCall, ReceiverAnswer> behaviour) => _behaviour = call => Task.FromResult(behaviour(call));

    public void AnswerAsync(Func<ReceivedCall, Task<ReceiverAnswer>> behaviour) => _behaviour = behaviour;

    /// <summary>Goes down: the port refuses connections until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>Comes back on the same port.</summary>
    public Task ComeBackAsync() => ListenAsync(_port);

    public ValueTask DisposeAsync() => new(GoDownAsync());

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(Path, HandleAsync);
        await app.StartAsync(CancellationToken.None);
        _port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var decoded = FormUrlEncoding.TryDecode(body.ToArray(), out var form, out var error);
        var call = new ReceivedCall(decoded ? form : new FormFields([]), context.Request.ContentType) { DecodeError = error };
        lock (_gate)
        {
            _calls.Add(call);
        }

        if (!decoded)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            call.Status = StatusCodes.Status400BadRequest;
            return;
        }

        var answer = await _behaviour(call);
        if (answer.Hold)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                call.Aborted = true;
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (answer.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.Body), context.RequestAborted);
        await context.Response.CompleteAsync();
        call.Status = answer.Status;
    }
}

/// <summary>One call of the hub to the provider: its form, and how the receiver answered it.</summary>
public sealed class ReceivedCall(FormFields form, string? contentType)
{
    public FormFields Form { get; } = form;

    public string? ContentType { get; } = contentType;

    public string? MessageId => Form["messageId"];

    public string? ChatId => Form["chatId"];

    public string? Text => Form["message"];

    /// <summary>Why the strict form codec refused the body; null when the body was a well-formed form.</summary>
    public string? DecodeError { get; init; }

    /// <summary>The status answered, once the answer was written.</summary>
    public int? Status { get; set; }

    /// <summary>The hub hung up before an answer came.</summary>
    public bool Aborted { get; set; }
}

/// <summary>How the receiver answers a call.</summary>
public sealed record ReceiverAnswer(int Status, string Body, int? RetryAfterSeconds = null, string? Location = null, bool Hold = false)
{
    public static ReceiverAnswer Ok() => new((int)HttpStatusCode.OK, "{}");

    /// <summary>The answer to a first message: the chat the provider opened.</summary>
    public static ReceiverAnswer Opened(string chatId, string contactId) =>
        new((int)HttpStatusCode.OK, $$"""{"chatId":"{{chatId}}","contactId":"{{contactId}}"}""");

    public static ReceiverAnswer Error(int status, string error = "Internal error", int? retryAfterSeconds = null) =>
        new(status, $$"""{"error":"{{error}}"}""", retryAfterSeconds);

    /// <summary>No answer at all: the call hangs until the hub gives up on it.</summary>
    public static ReceiverAnswer Silence() => new(0, string.Empty, Hold: true);
}
