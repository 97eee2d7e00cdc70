using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Webchat.Bench.Outbound;

/// <summary>
/// The operator side: opens chats through the provider's endpoint so there are tasks to reply in, then
/// posts replies to <c>POST /api/tasks/{number}/messages</c>, round-robin over the tasks, and notes each
/// 202's messageId and the <see cref="Stopwatch.GetTimestamp"/> at which it came back.
/// </summary>
internal sealed class Sender(HttpClient client, OutboundOptions options)
{
    private long[] _tasks = [];
    private int _sent;

    /// <summary>Opens <see cref="OutboundOptions.Chats"/> new chats, each with a contact's message, and keeps their task numbers.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // Chat ids of this run only, so a store that is reused never mixes runs.
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var tasks = new long[options.Chats];
        await Parallel.ForAsync(0, options.Chats, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var chat = $"outbound-{nonce}-{i.ToString(CultureInfo.InvariantCulture)}";
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["cmd"] = "newMessage",
                ["providerId"] = options.ProviderId,
                ["planfix_token"] = options.Token,
                ["chatId"] = chat,
                ["contactId"] = chat,
                ["contactName"] = "Ivan",
                ["message"] = "Hello, when will my order arrive?",
            });
            using var response = await client.PostAsync(new Uri(options.Hub, "/webchat/api"), form, ct);
            var answer = response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync(OutboundJsonContext.Default.NewMessageAnswer, ct)
                : null;
            tasks[i] = answer?.Data?.Number
                ?? throw new InvalidOperationException($"opening chat {chat} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        });
        _tasks = tasks;
    }

    /// <summary>Posts <paramref name="rate"/> replies a second for <paramref name="length"/>, each on its own schedule slot, whatever the answers' pace.</summary>
    public async Task<Phase> AtRateAsync(string name, int rate, TimeSpan length, CancellationToken cancellationToken)
    {
        var phase = new Phase(name);
        var total = (int)(rate * length.TotalSeconds);
        var interval = (double)Stopwatch.Frequency / rate;
        var sends = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            // Task.Delay wakes about a millisecond late at best: whatever fell due meanwhile goes at once.
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), phase.StartedAt + (long)(i * interval));
            if (wait >= TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            sends.Add(SendAsync(phase, cancellationToken));
        }

        await Task.WhenAll(sends);
        phase.EndedAt = Stopwatch.GetTimestamp();
        return phase;
    }

    /// <summary>Posts replies for <paramref name="length"/> from <paramref name="concurrency"/> callers, each sending its next as soon as the last is answered.</summary>
    public async Task<Phase> AtMaxAsync(string name, int concurrency, TimeSpan length, CancellationToken cancellationToken)
    {
        var phase = new Phase(name);
        var until = phase.StartedAt + (long)(length.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                await SendAsync(phase, cancellationToken);
            }
        }));
        phase.EndedAt = Stopwatch.GetTimestamp();
        return phase;
    }

    private async Task SendAsync(Phase phase, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sent);
        var task = _tasks[n % _tasks.Length];
        var reply = new ReplyBody($"Reply {n.ToString(CultureInfo.InvariantCulture)}: your sofa leaves the warehouse tomorrow morning.", options.Author);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Hub, $"/api/tasks/{task.ToString(CultureInfo.InvariantCulture)}/messages"))
            {
                Content = JsonContent.Create(reply, OutboundJsonContext.Default.ReplyBody),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            using var response = await client.SendAsync(request, cancellationToken);
            var answeredAt = Stopwatch.GetTimestamp();
            if (response.StatusCode == HttpStatusCode.Accepted
                && await response.Content.ReadFromJsonAsync(OutboundJsonContext.Default.ReplyAccepted, cancellationToken) is { } accepted)
            {
                phase.Accepted.Enqueue(new Acceptance(accepted.MessageId, answeredAt));
            }
            else
            {
                phase.Reject($"task {task}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            phase.Reject($"task {task}: {exception.Message}");
        }
    }
}

/// <summary>One run of replies: what was accepted (messageId, when the 202 came back) and what was not.</summary>
internal sealed class Phase(string name)
{
    private int _rejected;
    private string? _firstRejection;

    public string Name { get; } = name;

    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the last reply was answered.</summary>
    public long EndedAt { get; set; }

    public ConcurrentQueue<Acceptance> Accepted { get; } = new();

    public int Rejected => Volatile.Read(ref _rejected);

    public string? FirstRejection => Volatile.Read(ref _firstRejection);

    public void Reject(string why)
    {
        Interlocked.Increment(ref _rejected);
        Interlocked.CompareExchange(ref _firstRejection, why, null);
    }
}

internal readonly record struct Acceptance(long MessageId, long AcceptedAt);

internal sealed record ReplyBody(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("authorEmail")] string AuthorEmail);

internal sealed record ReplyAccepted([property: JsonPropertyName("messageId")] long MessageId);

internal sealed record NewMessageAnswer([property: JsonPropertyName("data")] NewMessageData? Data);

internal sealed record NewMessageData([property: JsonPropertyName("number")] long Number);

[JsonSerializable(typeof(ReplyBody))]
[JsonSerializable(typeof(ReplyAccepted))]
[JsonSerializable(typeof(NewMessageAnswer))]
[JsonSerializable(typeof(OpenedChat))]
internal sealed partial class OutboundJsonContext : JsonSerializerContext;
