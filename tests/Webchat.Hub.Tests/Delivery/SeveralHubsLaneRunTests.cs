using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Delivery;
using Webchat.Hub.Tests.Infrastructure;
using static Webchat.Hub.Tests.Delivery.ScriptedProvider;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// Lane runs with several hubs on one PostgreSQL database (SQLite is one hub by design): the hubs claim
/// runs side by side and none sends a reply twice or out of its chat's order; a run under way in one hub
/// is left to it; a hub killed mid-run leaves the rest of its run, from the first reply it had not
/// settled, to another hub.
/// </summary>
public sealed class SeveralHubsLaneRunTests
{
    [Fact]
    public async Task Two_hubs_claiming_runs_side_by_side_send_each_reply_once_in_its_chats_order()
    {
        const int Replies = 30;
        string[] chats = ["chat-a", "chat-b", "chat-c", "chat-d"];
        await using var receiver = await ProviderReceiver.StartAsync();
        var provider = new ScriptedProvider(receiver);
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        await using var first = await HubHost.StartAsync(store, s => s["Hub:Integrations:0:ProviderUrl"] = receiver.Url.ToString());
        await using var second = await HubHost.StartAsync(store, s => s["Hub:Integrations:0:ProviderUrl"] = receiver.Url.ToString());
        using var operators = new Operators(first, second);

        // Each chat's replies are posted through both hubs in turn, all but the first while the first is
        // held, so each chat has a backlog that both hubs' workers go for once it is let go.
        var posted = new Dictionary<string, List<string>>();
        foreach (var chat in chats)
        {
            using var contact = first.Provider();
            var task = (await contact.SendOkAsync(TestData.Message(chat, "contact-" + chat))).Number;
            var replies = await provider.QueueAsync(chat, Replies, (n, text) => operators.ReplyAsync(n % 2, task, text));
            posted[chat] = [.. replies.Select(r => r.NumberText("messageId"))];
        }

        // One chat's run stops at its 10th reply, held by the provider, while the other chats go on
        // through both hubs: neither hub sends what is behind it meanwhile.
        provider.Hold(Text("chat-a", 10));
        foreach (var chat in chats)
        {
            provider.Release(Text(chat, 1));
        }

        await Eventually.TrueAsync(() => provider.Got(Text("chat-a", 10)), "chat-a's run to reach its 10th reply");
        await Eventually.TrueAsync(
            () => Task.FromResult(chats.Skip(1).All(chat => provider.TakenOf(chat).Count == Replies)),
            () => $"the other chats to arrive; {receiver.Accepted.Count} replies did",
            TimeSpan.FromMinutes(2));
        Assert.Equal(posted["chat-a"][..10], provider.CallsOf("chat-a"));

        provider.Release(Text("chat-a", 10));
        await Eventually.TrueAsync(() => provider.TakenOf("chat-a").Count == Replies, "chat-a's replies to arrive", TimeSpan.FromMinutes(2));
        foreach (var chat in chats)
        {
            Assert.Equal(posted[chat], provider.CallsOf(chat));
        }
    }

    [Fact]
    public async Task A_hub_killed_mid_run_leaves_the_rest_from_its_first_unsettled_reply_to_another_hub_which_delivers_them_in_order()
    {
        await using var receiver = await ProviderReceiver.StartAsync();
        var provider = new ScriptedProvider(receiver);
        await using var store = await TestStore.CreateAsync(StoreKind.Postgres);
        var settings = TestData.Settings();
        settings["Hub:Integrations:0:ProviderUrl"] = receiver.Url.ToString();
        settings["Hub:Delivery:PollInterval"] = "00:00:00.5";
        await using var doomed = await HubProcess.StartAsync(store, settings);
        using var contact = doomed.Provider();
        var task = (await contact.SendOkAsync(TestData.Message("chat-1", "contact-1"))).Number;
        using var doomedOperator = doomed.Operator();

        // The doomed hub is mid-run when it dies: replies 2 and 3 taken and settled, 4 with the provider.
        provider.FirstAnswer(Text("chat-1", 4), ReceiverAnswer.Silence());
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => ReplyAsync(doomedOperator, task, text));
        provider.Release(Text("chat-1", 1));
        await Eventually.TrueAsync(() => provider.Got(Text("chat-1", 4)), "the doomed hub's run to reach reply 4");
        await Eventually.TrueAsync(
            async () => (await doomedOperator.GetJsonAsync($"/api/deliveries/{replies[2].Number("deliveryId")}")).Text("state") == "delivered",
            "reply 3 to be settled");

        await using var survivor = await HubProcess.StartAsync(store, settings);
        await doomed.KillAsync();

        // The lease (10 s) runs out first; a busy test machine may take a while more.
        await Eventually.TrueAsync(
            () => Task.FromResult(provider.TakenOf("chat-1").Count >= 10),
            () => $"the survivor to deliver the rest; the provider got {string.Join(", ", receiver.Calls.Select(c => $"{c.Text}: {c.Status}"))}",
            TimeSpan.FromMinutes(3));
        var ids = replies.Select(r => r.NumberText("messageId")).ToList();
        Assert.Equal([.. ids[..4], .. ids[3..]], provider.CallsOf("chat-1"));
        Assert.Equal(ids, provider.TakenOf("chat-1"));
        // The provider has answered the last of them; the survivor settles a run's outcomes a group at a time,
        // so the last ones may still be committing.
        await using var db = store.OpenContext();
        await Eventually.TrueAsync(
            async () => await db.Deliveries.AsNoTracking().AllAsync(d => d.State == DeliveryState.Delivered, TestContext.Current.CancellationToken),
            "every delivery to be recorded as delivered");
        Assert.All(
            await db.Deliveries.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken),
            delivery => Assert.Equal(DeliveryState.Delivered, delivery.State));
    }

    private static async Task<JsonElement> ReplyAsync(HttpClient client, long task, string text)
    {
        using var response = await client.PostAsJsonAsync($"/api/tasks/{task}/messages", new { text, authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    /// <summary>The operator API of each hub.</summary>
    private sealed class Operators(params HubHost[] hubs) : IDisposable
    {
        private readonly HttpClient[] _clients = [.. hubs.Select(hub => hub.Operator())];

        public Task<JsonElement> ReplyAsync(int hub, long task, string text) => SeveralHubsLaneRunTests.ReplyAsync(_clients[hub], task, text);

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }
}
