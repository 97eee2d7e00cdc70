using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Storage;

/// <summary>
/// Several hub processes on one PostgreSQL database act as one hub: they start together on an empty
/// database, and what they take in races on the database, not in one process. (SQLite is one process
/// by design; these run on PostgreSQL only.)
/// </summary>
public sealed class SeveralHubsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Hubs_started_at_once_on_an_empty_database_all_start_and_number_as_one(int hubs)
    {
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        var settings = new Dictionary<string, string?>(TestData.Settings())
        {
            ["Logging:LogLevel:Webchat.Hub.Console.Accounts.AccountSeeder"] = "Information",
        };
        await using var started = await HubProcess.StartManyAsync(hubs, store, settings);

        // Each sets up the console's accounts and roles once the store is ready, all at the same moment.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(1));
        foreach (var hub in started.Hubs)
        {
            while (!hub.HasExited && !hub.Output.Contains("Console accounts ready", StringComparison.Ordinal))
            {
                await Task.Delay(50, patience.Token);
            }

            Assert.False(hub.HasExited, $"A hub stopped after it started:\n{hub.Output}");
        }

        var answers = await Task.WhenAll(started.Hubs.Select(async (hub, i) =>
        {
            using var provider = hub.Provider();
            return await provider.SendOkAsync(TestData.Message($"chat-{i}", $"contact-{i}", $"through hub {i}"));
        }));

        Assert.Equal(Enumerable.Range(1, hubs).Select(n => (long)n), answers.Select(a => a.Number).Order());
        Assert.Equal(Enumerable.Range(1, hubs).Select(n => (long)n), answers.Select(a => a.ContactNumber).Order());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_first_messages_spread_over_all_hubs_make_one_task_per_chat_holding_every_message(int hubs)
    {
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        await using var started = await HubProcess.StartManyAsync(hubs, store, TestData.Settings());
        var providers = started.Hubs.Select(hub => hub.Provider()).ToList();

        // 50 first messages of one new chat, and 3 each of 20 more chats, all at once, round-robin over the hubs.
        var sends = Enumerable.Range(1, 50).Select(i => ("one-chat", "one-contact", $"one {i}"))
            .Concat(Enumerable.Range(1, 20).SelectMany(c => Enumerable.Range(1, 3).Select(i => ($"chat-{c}", $"contact-{c}", $"chat {c} #{i}"))))
            .ToList();
        var answers = await Task.WhenAll(sends.Select(async (send, i) =>
            (send.Item1, Answer: await providers[i % hubs].CallAsync(TestData.Message(send.Item1, send.Item2, send.Item3)))));
        providers.ForEach(provider => provider.Dispose());

        Assert.All(answers, a => a.Answer.ShouldBeOk());
        var perChat = answers.GroupBy(a => a.Item1).Select(g => Assert.Single(g.Select(a => (a.Answer.Number, a.Answer.ContactNumber)).Distinct())).ToList();
        Assert.Equal(Enumerable.Range(1, 21).Select(n => (long)n), perChat.Select(n => n.Number).Order());
        Assert.Equal(Enumerable.Range(1, 21).Select(n => (long)n), perChat.Select(n => n.ContactNumber).Order());

        await using var db = store.OpenContext();
        var ct = TestContext.Current.CancellationToken;
        var stored = await db.Messages.Join(db.Tasks, m => m.TaskId, t => t.Id, (m, t) => new { m.Text, t.Number }).ToListAsync(ct);
        Assert.Equal(sends.Select(s => s.Item3).Order(), stored.Select(m => m.Text).Order());
        var oneTask = answers.First(a => a.Item1 == "one-chat").Answer.Number;
        Assert.Equal(50, stored.Count(m => m.Number == oneTask));
        Assert.Equal(21, await db.Tasks.CountAsync(ct));
        Assert.Equal(21, await db.Contacts.CountAsync(ct));
    }

    [Fact]
    public async Task A_message_acknowledged_by_a_hub_that_is_then_killed_is_kept_and_the_other_hub_goes_on_with_its_chat()
    {
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        await using var started = await HubProcess.StartManyAsync(2, store, TestData.Settings());
        var (doomed, survivor) = (started[0], started[1]);
        var acknowledged = new ConcurrentDictionary<string, long>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = 0;
        using var doomedProvider = doomed.Provider();

        // Senders write to the doomed hub until it is gone: the kill falls mid-burst.
        async Task SendUntilGoneAsync()
        {
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                ProtocolAnswer answer;
                try
                {
                    answer = await doomedProvider.CallAsync(TestData.Message($"chat-{n % 3}", $"contact-{n % 3}", $"message {n}"));
                }
                catch (HttpRequestException)
                {
                    return;
                }

                acknowledged[$"message {n}"] = answer.ShouldBeOk().Number;
                if (acknowledged.Count >= 60)
                {
                    enough.TrySetResult();
                }
            }
        }

        var senders = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(SendUntilGoneAsync)));
        await Task.WhenAny(enough.Task, senders).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await doomed.KillAsync();
        await senders;

        // The chats go on through the other hub, in the tasks the killed one opened.
        using var provider = survivor.Provider();
        Assert.False(survivor.HasExited, $"The other hub stopped too:\n{survivor.Output}");
        var after = await provider.SendOkAsync(TestData.Message("chat-1", "contact-1", "after the kill"));
        Assert.Equal(acknowledged.Where(a => int.Parse(a.Key["message ".Length..], provider: null) % 3 == 1).Select(a => a.Value).Distinct().Single(), after.Number);

        await using var db = store.OpenContext();
        var stored = await db.Messages
            .Join(db.Tasks, m => m.TaskId, t => t.Id, (m, t) => new { m.Text, t.Number })
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Empty(stored.GroupBy(m => m.Text).Where(g => g.Count() > 1).Select(g => g.Key));
        var storedTasks = stored.ToDictionary(m => m.Text, m => m.Number);
        Assert.All(acknowledged, pair => Assert.Equal(pair.Value, Assert.Contains(pair.Key, storedTasks)));
    }
}
