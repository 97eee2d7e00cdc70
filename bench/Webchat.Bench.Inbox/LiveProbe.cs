using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;

namespace Webchat.Bench.Inbox;

/// <summary>
/// A new inbound message reaching an open inbox while the hub ingests a steady load: a console's
/// <c>/live</c> stream is open; contacts of the seeded chats write at <see cref="InboxOptions.Rate"/>
/// messages/s; every 200 ms a probe chat writes too, and the time is taken from its send to the
/// stream's event for the probe's task, and to the inbox page and the probe's task page, fetched
/// together after it, showing the probe (what open console pages do on an event). The inbox is the
/// console employee's own ("Mine", the probe's task assigned to them): the load writes to more chats
/// than a page holds, so in the unfiltered inbox the probe is pushed off the first page by newer
/// messages within milliseconds, as it would be for a person watching it.
/// </summary>
internal sealed class LiveProbe(InboxOptions options, HubClients hub)
{
    private const int MaxInFlight = 512;

    /// <summary>The delay of console.js between an event and its refresh, at most.</summary>
    private static readonly TimeSpan RefreshDelay = TimeSpan.FromMilliseconds(50);

    public async Task<(Latency Event, Latency Inbox, Latency Task, string Note)> RunAsync(HttpClient console, CancellationToken cancellationToken)
    {
        var probeTask = await hub.SendMessageAsync("bench-probe-chat", "bench-probe-contact", "probe 0", "Probe", cancellationToken)
            ?? throw new InvalidOperationException("The hub refused the probe's first message.");
        if (!await hub.AssignAsync(probeTask, options.Email!, cancellationToken))
        {
            throw new InvalidOperationException($"The operator API did not assign the probe's task #{probeTask} to {options.Email}.");
        }

        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrivals = Channel.CreateUnbounded<long>();
        var stream = ListenAsync(console, probeTask, arrivals.Writer, listening.Token);

        var load = LoadAsync(listening.Token);
        var onEvent = new Latency("live-event");
        var onInbox = new Latency("live-inbox");
        var onTask = new Latency("live-task");
        var probes = options.Seconds * 5;
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= probes && Stopwatch.GetElapsedTime(started) < Latency.Budget; i++)
        {
            await Task.Delay(200, cancellationToken);
            while (arrivals.Reader.TryRead(out _))
            {
                // Events of earlier probes that came late.
            }

            var start = Stopwatch.GetTimestamp();
            if (await hub.SendMessageAsync("bench-probe-chat", "bench-probe-contact", $"probe {i}", "Probe", cancellationToken) is null)
            {
                onEvent.Fail();
                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await arrivals.Reader.ReadAsync(wait.Token);
                onEvent.Add(start);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No event within 5 s.
                onEvent.Fail();
                continue;
            }

            // console.js refreshes at most every 50 ms: the longest it waits after an event is counted too.
            await Task.Delay(RefreshDelay, cancellationToken);
            var text = $"probe {i}";
            await Task.WhenAll(ShowsAsync(console, "/?who=mine", text, start, onInbox, cancellationToken), ShowsAsync(console, $"/tasks/{probeTask}", text, start, onTask, cancellationToken));
        }

        await listening.CancelAsync();
        var (sent, accepted, behind) = await load;
        await stream;
        return (onEvent, onInbox, onTask, $"load:{sent}-sent,{accepted}-accepted,{behind}-slots-behind");
    }

    /// <summary>Fetches <paramref name="path"/> (within 5 s) and counts the time since <paramref name="start"/> when it shows <paramref name="text"/>, else an error.</summary>
    private static async Task ShowsAsync(HttpClient console, string path, string text, long start, Latency latency, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var page = await console.GetStringAsync(path, wait.Token);
            if (page.Contains(text, StringComparison.Ordinal))
            {
                latency.Add(start);
                return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No page within 5 s.
        }

        latency.Fail();
    }

    /// <summary>Reads the console's live stream, passing on each message event of <paramref name="task"/>.</summary>
    private static async Task ListenAsync(HttpClient console, long task, ChannelWriter<long> arrivals, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await console.GetAsync("/live", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
            {
                using var data = JsonDocument.Parse(item.Data);
                if (data.RootElement.GetProperty("task").GetInt64() == task && data.RootElement.GetProperty("kind").GetString() == "message")
                {
                    arrivals.TryWrite(task);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The measurement is over.
        }
    }

    /// <summary>Messages to random seeded chats at the rate, each on its slot of a fixed schedule; slots missed while too many are in flight count as behind.</summary>
    private async Task<(int Sent, int Accepted, int Behind)> LoadAsync(CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var inFlight = new List<Task<long?>>();
        var sent = 0;
        var accepted = 0;
        var behind = 0;
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (var slot = 0L; !cancellationToken.IsCancellationRequested; slot++)
            {
                var due = TimeSpan.FromSeconds((double)slot / options.Rate);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken);
                }

                accepted += inFlight.Count(t => t.IsCompletedSuccessfully && t.Result is not null);
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count >= MaxInFlight)
                {
                    behind++;
                    continue;
                }

                var chat = random.Next(1, options.Chats + 1);
                inFlight.Add(hub.SendMessageAsync($"{options.Prefix}chat-{chat}", $"{options.Prefix}contact-{chat}", $"load message {slot}", "Seeded", CancellationToken.None));
                sent++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The probes are done.
        }

        await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        accepted += inFlight.Count(t => t.IsCompletedSuccessfully && t.Result is not null);
        return (sent, accepted, behind);
    }
}
