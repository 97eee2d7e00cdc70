using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Webchat.Bench.Outbound;

/// <summary>
/// The provider the hub delivers to: <c>POST /provider</c> notes when each request arrived, by its
/// <c>messageId</c>, and answers 200 <c>{"chatId","contactId"}</c> at once, as a fast provider would.
/// The arrival time is <see cref="Stopwatch.GetTimestamp"/> taken before the body is read, the same
/// clock the sender reads when a 202 comes back.
/// </summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Arrival> _arrivals = [];
    private readonly WebApplication _app;
    private int _unreadable;

    private Receiver(WebApplication app) => _app = app;

    /// <summary>Requests without a readable messageId (answered 400): anything above 0 is a fault.</summary>
    public int Unreadable => Volatile.Read(ref _unreadable);

    public static async Task<Receiver> StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/provider", receiver.HandleAsync).DisableAntiforgery();
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    /// <summary>When <paramref name="messageId"/> first arrived, and how many times it did.</summary>
    public bool TryGetArrival(long messageId, out Arrival arrival)
    {
        lock (_lock)
        {
            return _arrivals.TryGetValue(messageId, out arrival);
        }
    }

    /// <summary>How many distinct messageIds have arrived so far.</summary>
    public int Distinct
    {
        get
        {
            lock (_lock)
            {
                return _arrivals.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<Results<JsonHttpResult<OpenedChat>, BadRequest>> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var arrived = Stopwatch.GetTimestamp();
        var form = await request.ReadFormAsync(cancellationToken);
        if (!long.TryParse(form["messageId"], NumberStyles.None, CultureInfo.InvariantCulture, out var messageId))
        {
            Interlocked.Increment(ref _unreadable);
            return TypedResults.BadRequest();
        }

        lock (_lock)
        {
            _arrivals[messageId] = _arrivals.TryGetValue(messageId, out var earlier)
                ? earlier with { Count = earlier.Count + 1 }
                : new Arrival(arrived, 1);
        }

        // Replies go to existing chats; a first message would need the ids of the chat "opened" here.
        var chatId = form["chatId"].ToString() is { Length: > 0 } chat ? chat : $"bench-opened-{messageId.ToString(CultureInfo.InvariantCulture)}";
        return TypedResults.Json(new OpenedChat(chatId, chatId), OutboundJsonContext.Default.OpenedChat);
    }
}

/// <summary>The first arrival's timestamp and the number of arrivals of one messageId.</summary>
internal readonly record struct Arrival(long Timestamp, int Count);

/// <summary>The provider's answer to <c>newMessage</c>.</summary>
internal sealed record OpenedChat(
    [property: JsonPropertyName("chatId")] string ChatId,
    [property: JsonPropertyName("contactId")] string ContactId);
