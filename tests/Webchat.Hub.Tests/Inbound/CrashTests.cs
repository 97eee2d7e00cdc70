using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>"Answered 200 only after commit": the hub process is killed mid-burst and nothing it acknowledged is lost.</summary>
public sealed class CrashTests
{
    private const int Senders = 16;
    private const int Chats = 5;
    private const int AcknowledgedBeforeTheKill = 120;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_hub_killed_during_a_burst_keeps_every_message_it_answered_200_and_none_twice(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        var settings = TestData.Settings();
        var acknowledged = new ConcurrentDictionary<string, long>();
        var unanswered = new ConcurrentBag<string>();

        await using (var hub = await HubProcess.StartAsync(store, settings))
        {
            using var provider = hub.Provider();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var next = 0;

            // Each sender sends one message after another until the hub is gone: when it is killed,
            // every sender has a request in flight or about to be, whose fate the sender cannot know.
            async Task SendUntilTheHubIsGoneAsync()
            {
                while (true)
                {
                    var n = Interlocked.Increment(ref next);
                    var text = $"message {n}";
                    ProtocolAnswer answer;
                    try
                    {
                        answer = await provider.CallAsync(TestData.Message($"chat-{n % Chats}", $"contact-{n % Chats}", text));
                    }
                    catch (HttpRequestException)
                    {
                        unanswered.Add(text);
                        return;
                    }

                    acknowledged[text] = answer.ShouldBeOk().Number;
                    if (acknowledged.Count >= AcknowledgedBeforeTheKill)
                    {
                        enough.TrySetResult();
                    }
                }
            }

            var senders = Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(SendUntilTheHubIsGoneAsync)));
            await Task.WhenAny(enough.Task, senders).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            await hub.KillAsync();
            await senders;
        }

        Assert.Equal(Senders, unanswered.Count);

        // The hub comes back over the same store, finds the chats, and numbers go on.
        long newTask;
        await using (var restarted = await HubProcess.StartAsync(store, settings))
        {
            using var provider = restarted.Provider();
            var (someText, itsTask) = acknowledged.First();
            var someChat = $"chat-{int.Parse(someText["message ".Length..], provider: null) % Chats}";
            (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, someChat))).ShouldBeOk()
                .ShouldBeJson($$$"""{"data":{"number":{{{itsTask}}},"statusIsActive":true}}""");
            newTask = (await provider.CallAsync(TestData.Message("chat-after-restart", "contact-after-restart", "after the restart"))).ShouldBeOk().Number;
        }

        await using var db = store.OpenContext();
        var ct = TestContext.Current.CancellationToken;
        var stored = await db.Messages
            .Join(db.Tasks, m => m.TaskId, t => t.Id, (m, t) => new { m.Text, t.Number })
            .ToListAsync(ct);

        Assert.Empty(stored.GroupBy(m => m.Text).Where(g => g.Count() > 1).Select(g => g.Key));
        var storedTasks = stored.ToDictionary(m => m.Text, m => m.Number);
        Assert.All(acknowledged, pair => Assert.Equal(pair.Value, Assert.Contains(pair.Key, storedTasks)));
        Assert.All(storedTasks.Keys, text => Assert.True(
            acknowledged.ContainsKey(text) || unanswered.Contains(text) || text == "after the restart",
            $"'{text}' was stored but never sent"));
        var tasks = await db.Tasks.Select(t => t.Number).ToListAsync(ct);
        Assert.Equal(Chats + 1, tasks.Count);
        Assert.Equal(tasks.Max(), newTask);
        Assert.Equal(Chats + 1, await db.Contacts.CountAsync(ct));
    }
}
