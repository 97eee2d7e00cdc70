using System.Text.Json;
using Webchat.Hub.Delivery;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;
using static Webchat.Hub.Tests.Delivery.ScriptedProvider;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// A claim takes a run of each lane (the head and the due replies behind it) and the run goes out back to
/// back: in order, once each, the chats side by side; an attempt that does not go through holds the rest
/// of its run behind it; a stop mid-run loses nothing.
/// </summary>
public sealed class LaneRunTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Replies_queued_in_several_chats_reach_the_provider_once_each_in_each_chats_order_the_chats_side_by_side(StoreKind store)
    {
        const int Replies = 40;
        string[] chats = ["chat-a", "chat-b", "chat-c", "chat-d"];
        await using var outbound = await OutboundHub.StartAsync(store);
        var provider = new ScriptedProvider(outbound.Receiver);

        // Each chat's second reply is answered only once every chat's second reply has arrived: the
        // chats' runs must be under way at the same time.
        provider.Together([.. chats.Select(chat => Text(chat, 2))]);
        var posted = new Dictionary<string, List<string>>();
        foreach (var chat in chats)
        {
            var task = await outbound.ContactWritesAsync(chat, "contact-" + chat);
            posted[chat] = Ids(await provider.QueueAsync(chat, Replies, (_, text) => outbound.ReplyAsync(task, text)));
        }

        provider.ReleaseAll();
        await outbound.WaitForCountAsync("delivered", chats.Length * Replies, TimeSpan.FromMinutes(2));
        foreach (var chat in chats)
        {
            Assert.Equal(posted[chat], provider.CallsOf(chat));
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_run_goes_out_back_to_back_while_the_settles_of_its_delivered_replies_wait_for_the_writer(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var provider = new ScriptedProvider(outbound.Receiver);
        var task = await outbound.ContactWritesAsync("chat-1");
        provider.Hold(Text("chat-1", 2));
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => outbound.ReplyAsync(task, text));
        provider.Release(Text("chat-1", 1));
        await Eventually.TrueAsync(() => provider.Got(Text("chat-1", 2)), "the run of replies 2 to 10 to be under way");

        // The writer that settles delivered attempts (and takes claims) is held: no outcome commits now.
        var held = await HeldWriter.HoldAsync(outbound.Hub.Services.GetRequiredService<StoreWriter>());

        // Each reply of the run goes once the one before it was taken, not once its outcome committed.
        provider.Release(Text("chat-1", 2));
        try
        {
            await Eventually.TrueAsync(() => provider.Got(Text("chat-1", 10)), "the whole run to reach the provider while the writer is held", TimeSpan.FromSeconds(30));
            foreach (var reply in replies.Skip(1))
            {
                Assert.Equal("delivering", (await outbound.DeliveryAsync(reply.Number("deliveryId"))).Text("state"));
            }
        }
        finally
        {
            await held.DisposeAsync();
        }

        await outbound.WaitForCountAsync("delivered", 10);
        Assert.Equal(Ids(replies), provider.CallsOf("chat-1"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_run_whose_lease_the_hub_could_not_renew_in_time_sends_nothing_more_and_the_rest_go_after_in_order(StoreKind store)
    {
        var logs = new CapturedLogs();
        await using var outbound = await OutboundHub.StartAsync(store, customize: logs.AddTo);
        var provider = new ScriptedProvider(outbound.Receiver);
        var task = await outbound.ContactWritesAsync("chat-1");
        provider.Hold(Text("chat-1", 3));
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => outbound.ReplyAsync(task, text));
        provider.Release(Text("chat-1", 1));
        await Eventually.TrueAsync(() => provider.Got(Text("chat-1", 3)), "the run of replies 2 to 10 to reach reply 3");

        // The store takes no write (so no renewal) while the hub's clock passes the run's lease: another
        // hub could take the lane over now, so once reply 3 is answered the run sends nothing more.
        var held = await HeldWriter.HoldAsync(outbound.Hub.Services.GetRequiredService<StoreWriter>());
        outbound.Hub.Clock.Advance(TimeSpan.FromSeconds(11));
        provider.Release(Text("chat-1", 3));
        try
        {
            await Eventually.TrueAsync(() => logs.Entries.Any(e => e.Message.Contains("lease on them may have run out", StringComparison.Ordinal)), "the run to stop for its lease");
            Assert.Equal(Ids(replies)[..3], provider.CallsOf("chat-1"));
        }
        finally
        {
            await held.DisposeAsync();
        }

        await outbound.WaitForCountAsync("delivered", 10);
        Assert.Equal(Ids(replies), provider.CallsOf("chat-1"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_to_be_tried_again_in_the_middle_of_a_run_holds_the_rest_which_follow_it_in_order_once_it_is_taken(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var provider = new ScriptedProvider(outbound.Receiver);
        var task = await outbound.ContactWritesAsync("chat-1");
        var other = await outbound.ContactWritesAsync("chat-2", "contact-2");
        provider.FirstAnswer(Text("chat-1", 5), ReceiverAnswer.Error(503));
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => outbound.ReplyAsync(task, text));
        provider.Release(Text("chat-1", 1));

        // The rest of the run goes back in line at once, behind the reply that waits for its retry.
        var failed = await outbound.WaitForAttemptsAsync(replies[4].Number("deliveryId"), 1);
        foreach (var reply in replies.Skip(5))
        {
            var rest = await outbound.WaitForStateAsync(reply.Number("deliveryId"), "pending");
            Assert.Empty(rest.GetProperty("attempts").EnumerateArray());
        }

        // The worker looks again (a reply in another chat goes) and still leaves the rest behind the retry.
        await outbound.ReplyAsync(other, "other chat");
        await Eventually.TrueAsync(() => outbound.Receiver.Accepted.Any(c => c.Text == "other chat"), "the other chat's reply to arrive");
        var ids = Ids(replies);
        Assert.Equal(ids[..5], provider.CallsOf("chat-1"));

        outbound.AdvanceTo(failed.Time("nextAttemptAt"));
        await outbound.WaitForStateAsync(replies[^1].Number("deliveryId"), "delivered");
        Assert.Equal([.. ids[..5], ids[4], .. ids[5..]], provider.CallsOf("chat-1"));
        Assert.Equal(ids, provider.TakenOf("chat-1"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_refused_for_good_in_the_middle_of_a_run_fails_alone_and_the_rest_follow_it_at_once(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var provider = new ScriptedProvider(outbound.Receiver);
        var task = await outbound.ContactWritesAsync("chat-1");
        provider.Always(Text("chat-1", 5), ReceiverAnswer.Error(400, "Bad message"));
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => outbound.ReplyAsync(task, text));
        provider.Release(Text("chat-1", 1));

        await outbound.WaitForCountAsync("delivered", 9);
        var ids = Ids(replies);
        Assert.Equal(ids, provider.CallsOf("chat-1"));
        Assert.Equal([.. ids[..4], .. ids[5..]], provider.TakenOf("chat-1"));
        Assert.Equal("failed", (await outbound.DeliveryAsync(replies[4].Number("deliveryId"))).Text("state"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_worker_stopped_mid_run_ends_the_reply_under_way_and_the_rest_go_after_the_restart_in_order_once_each(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var provider = new ScriptedProvider(outbound.Receiver);
        var task = await outbound.ContactWritesAsync("chat-1");
        provider.Hold(Text("chat-1", 4));
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => outbound.ReplyAsync(task, text));
        provider.Release(Text("chat-1", 1));
        await Eventually.TrueAsync(() => provider.Got(Text("chat-1", 4)), "the run to reach reply 4");

        // The stop comes while reply 4 is with the provider; the provider takes it after.
        var worker = outbound.Hub.Services.GetServices<IHostedService>().OfType<DeliveryWorker>().Single();
        var stopping = worker.StopAsync(CancellationToken.None);
        provider.Release(Text("chat-1", 4));
        await stopping.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        // No call starts after the stop; what the run had not sent is back in line, none lost.
        var ids = Ids(replies);
        Assert.Equal(ids[..4], provider.CallsOf("chat-1"));
        Assert.Equal("delivered", (await outbound.DeliveryAsync(replies[3].Number("deliveryId"))).Text("state"));
        foreach (var reply in replies.Skip(4))
        {
            Assert.Equal("pending", (await outbound.DeliveryAsync(reply.Number("deliveryId"))).Text("state"));
        }

        await outbound.Hub.StopAsync();
        await outbound.Hub.StartAsync();
        await outbound.WaitForCountAsync("delivered", 10);
        Assert.Equal(ids, provider.CallsOf("chat-1"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_run_cut_off_by_a_stop_goes_again_after_the_restart_from_the_reply_under_way_with_its_messageId(StoreKind store)
    {
        // No grace at shutdown: the call under way is cut off, as a crash would.
        await using var outbound = await OutboundHub.StartAsync(store, s => s["shutdownTimeoutSeconds"] = "0");
        var provider = new ScriptedProvider(outbound.Receiver);
        var task = await outbound.ContactWritesAsync("chat-1");
        provider.FirstAnswer(Text("chat-1", 4), ReceiverAnswer.Silence());
        var replies = await provider.QueueAsync("chat-1", 10, (_, text) => outbound.ReplyAsync(task, text));
        provider.Release(Text("chat-1", 1));
        await Eventually.TrueAsync(() => provider.Got(Text("chat-1", 4)), "the run to reach reply 4");
        await outbound.WaitForStateAsync(replies[2].Number("deliveryId"), "delivered");

        await outbound.Hub.StopAsync();
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Single(c => c.Text == Text("chat-1", 4)).Aborted, "the stop to cut reply 4 off");
        await outbound.Hub.StartAsync();
        await outbound.WaitForCountAsync("delivered", 10);

        var ids = Ids(replies);
        Assert.Equal([.. ids[..4], .. ids[3..]], provider.CallsOf("chat-1"));
        Assert.Equal(ids, provider.TakenOf("chat-1"));
    }

    private static List<string> Ids(IEnumerable<JsonElement> replies) => [.. replies.Select(r => r.NumberText("messageId"))];
}
