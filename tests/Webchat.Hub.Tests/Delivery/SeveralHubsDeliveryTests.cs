using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Delivery;
using Webchat.Hub.Live;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// Delivery with several hub processes on one PostgreSQL database: any hub's worker sends any reply,
/// a chat's replies still go one at a time, in order, each once, and a dead hub's lanes go to the others.
/// </summary>
public sealed class SeveralHubsDeliveryTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_chats_replies_posted_through_different_hubs_reach_the_provider_once_each_in_order(int hubs)
    {
        await using var receiver = await ProviderReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        await using var started = await HubProcess.StartManyAsync(hubs, store, Settings(receiver));
        using var provider = started[0].Provider();
        var task = (await provider.SendOkAsync(TestData.Message("chat-1", "contact-1", "Hello"))).Number;
        var operators = started.Hubs.Select(hub => hub.Operator()).ToList();

        var posted = new List<string>();
        for (var i = 1; i <= 20; i++)
        {
            posted.Add((await ReplyAsync(operators[i % hubs], task, $"reply {i}")).NumberText("messageId"));
        }

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count >= 20), () => $"20 replies to arrive; {receiver.Accepted.Count} did");
        Assert.Equal(posted, receiver.Calls.Select(c => c.MessageId));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"reply {i}"), receiver.Calls.Select(c => c.Text));
        operators.ForEach(client => client.Dispose());
    }

    [Fact]
    public async Task A_hub_killed_with_a_reply_under_way_leaves_it_and_the_lane_behind_it_to_another_hub_which_delivers_them()
    {
        await using var receiver = await ProviderReceiver.StartAsync();
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        var settings = Settings(receiver);
        await using var doomed = await HubProcess.StartAsync(store, settings);
        using var provider = doomed.Provider();
        var task = (await provider.SendOkAsync(TestData.Message("chat-1", "contact-1", "Hello"))).Number;

        // The provider holds the first call: the doomed hub is mid-attempt when it dies.
        receiver.Answer(call => call.Text == "held" ? ReceiverAnswer.Silence() : ReceiverAnswer.Ok());
        using var doomedOperator = doomed.Operator();
        var held = (await ReplyAsync(doomedOperator, task, "held")).NumberText("messageId");
        var behind = (await ReplyAsync(doomedOperator, task, "behind it")).NumberText("messageId");
        await Eventually.TrueAsync(() => receiver.Calls.Any(c => c.Text == "held"), "the doomed hub to send the held reply");

        await using var survivor = await HubProcess.StartAsync(store, settings);
        await doomed.KillAsync();
        receiver.Answer(_ => ReceiverAnswer.Ok());

        // The lease (10 s) runs out first; a busy test machine may take a while more.
        await Eventually.TrueAsync(
            () => Task.FromResult(receiver.Accepted.Count >= 2),
            () => $"the survivor to deliver both; the provider got {string.Join(", ", receiver.Calls.Select(c => $"{c.Text}: {c.Status}"))}",
            TimeSpan.FromMinutes(3));
        // The held reply went again (the same messageId: once more, or twice if the survivor took it over
        // while the dying hub was still holding it); the one behind it only after it, once.
        Assert.Equal([held, behind], receiver.Accepted.Select(c => c.MessageId));
        var calls = receiver.Calls.Select(c => c.MessageId).ToList();
        Assert.True(calls.Count(id => id == held) >= 2, $"the held reply to go again; the calls were {string.Join(", ", calls)}");
        Assert.Equal([behind], calls.SkipWhile(id => id == held));
        await using var db = store.OpenContext();
        // The survivor settles delivered attempts a group at a time: the provider's answer comes before the record.
        await Eventually.TrueAsync(
            async () => await db.Deliveries.AsNoTracking().AllAsync(d => d.State == DeliveryState.Delivered, TestContext.Current.CancellationToken),
            "the survivor to record both deliveries");
        Assert.All(
            await db.Deliveries.ToListAsync(TestContext.Current.CancellationToken),
            delivery => Assert.Equal(DeliveryState.Delivered, delivery.State));
    }

    [Fact]
    public async Task A_live_event_published_on_one_hub_reaches_the_subscribers_of_another()
    {
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        await using var publisher = await HubHost.StartAsync(store);
        await using var listener = await HubHost.StartAsync(store);
        var ct = TestContext.Current.CancellationToken;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var received = new List<HubEvent>();
        var subscribed = Task.Run(async () =>
        {
            await foreach (var hubEvent in listener.Services.GetRequiredService<HubEvents>().SubscribeAsync(stop.Token))
            {
                lock (received)
                {
                    received.Add(hubEvent);
                }
            }
        }, ct);

        // Published until one arrives: the listening hub may still be connecting when the first goes out.
        var sent = new HubEvent(HubEventKind.MessageAdded, 7, 42);
        await Eventually.TrueAsync(() =>
        {
            publisher.Services.GetRequiredService<HubEvents>().Publish(sent);
            lock (received)
            {
                return received.Count > 0;
            }
        }, "the event to cross to the other hub");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscribed);
        lock (received)
        {
            Assert.All(received, e => Assert.Equal(sent, e));
        }
    }

    /// <summary>The default lease (10 s): a hub starved of CPU on a busy test machine still renews its claims in time.</summary>
    private static Dictionary<string, string?> Settings(ProviderReceiver receiver)
    {
        var settings = TestData.Settings();
        settings["Hub:Integrations:0:ProviderUrl"] = receiver.Url.ToString();
        settings["Hub:Delivery:PollInterval"] = "00:00:00.5";
        return settings;
    }

    private static async Task<System.Text.Json.JsonElement> ReplyAsync(HttpClient client, long task, string text)
    {
        using var response = await client.PostAsJsonAsync($"/api/tasks/{task}/messages", new { text, authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }
}
