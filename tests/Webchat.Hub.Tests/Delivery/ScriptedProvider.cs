using System.Collections.Concurrent;
using System.Text.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// A <see cref="ProviderReceiver"/>'s answers by message text, for the lane-run tests: a call held until
/// the test releases it, a first answer other than OK, or calls held until all of a set have arrived;
/// any other call is taken at once.
/// </summary>
internal sealed class ScriptedProvider
{
    private readonly ConcurrentDictionary<string, Func<ReceivedCall, Task<ReceiverAnswer>>> _rules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);

    public ScriptedProvider(ProviderReceiver receiver)
    {
        Receiver = receiver;
        receiver.AnswerAsync(call => call.Text is { } text && _rules.TryGetValue(text, out var rule) ? rule(call) : Task.FromResult(ReceiverAnswer.Ok()));
    }

    public ProviderReceiver Receiver { get; }

    /// <summary>The text of reply <paramref name="n"/> of <paramref name="chat"/>, as these tests write them.</summary>
    public static string Text(string chat, int n) => $"{chat} #{n}";

    /// <summary>Every call for <paramref name="chat"/> so far, by messageId, in arrival order.</summary>
    public List<string> CallsOf(string chat) => [.. Receiver.Calls.Where(c => c.ChatId == chat).Select(c => c.MessageId!)];

    /// <summary>The calls taken (2xx) for <paramref name="chat"/> so far, by messageId, in arrival order.</summary>
    public List<string> TakenOf(string chat) => [.. Receiver.Accepted.Where(c => c.ChatId == chat).Select(c => c.MessageId!)];

    public bool Got(string text) => Receiver.Calls.Any(c => c.Text == text);

    /// <summary>Calls with <paramref name="text"/> wait until <see cref="Release"/>, then are taken.</summary>
    public void Hold(string text)
    {
        var gate = _gates[text] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _rules[text] = async _ =>
        {
            await gate.Task;
            return ReceiverAnswer.Ok();
        };
    }

    public void Release(string text) => _gates[text].TrySetResult();

    /// <summary>Releases every held call: a test ends with none left hanging in the receiver.</summary>
    public void ReleaseAll()
    {
        foreach (var gate in _gates.Values)
        {
            gate.TrySetResult();
        }
    }

    /// <summary>The first call with <paramref name="text"/> is answered <paramref name="first"/>; any later one is taken.</summary>
    public void FirstAnswer(string text, ReceiverAnswer first)
    {
        var calls = 0;
        _rules[text] = _ => Task.FromResult(Interlocked.Increment(ref calls) == 1 ? first : ReceiverAnswer.Ok());
    }

    /// <summary>Every call with <paramref name="text"/> is answered <paramref name="answer"/>.</summary>
    public void Always(string text, ReceiverAnswer answer) => _rules[text] = _ => Task.FromResult(answer);

    /// <summary>A call with any of <paramref name="texts"/> waits until each of them has arrived: the lanes they are in are sent side by side.</summary>
    public void Together(IReadOnlyCollection<string> texts)
    {
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var text in texts)
        {
            _rules[text] = async _ =>
            {
                if (Interlocked.Increment(ref arrived) == texts.Count)
                {
                    all.TrySetResult();
                }

                await all.Task;
                return ReceiverAnswer.Ok();
            };
        }
    }

    /// <summary>
    /// Posts replies 1 to <paramref name="count"/> of <paramref name="chat"/> through <paramref name="reply"/>,
    /// the first held by the provider until the others are stored behind it, so they wait for it and go
    /// as the lane's runs once the test releases it. Returns the replies' 202 bodies, in order.
    /// </summary>
    public async Task<List<JsonElement>> QueueAsync(string chat, int count, Func<int, string, Task<JsonElement>> reply)
    {
        Hold(Text(chat, 1));
        var replies = new List<JsonElement> { await reply(1, Text(chat, 1)) };
        await Eventually.TrueAsync(() => Got(Text(chat, 1)), $"{chat}'s first reply to be under way");
        for (var n = 2; n <= count; n++)
        {
            replies.Add(await reply(n, Text(chat, n)));
        }

        return replies;
    }
}
