using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

public sealed class RestartTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_hub_stopped_mid_queue_and_started_again_delivers_the_rest_once_each_in_order(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var done = await outbound.ContactWritesAsync("chat-done", "contact-done");
        var delivered = new List<string>();
        foreach (var text in new[] { "done 1", "done 2" })
        {
            var accepted = await outbound.ReplyAsync(done, text);
            await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");
            delivered.Add(accepted.NumberText("messageId"));
        }

        // The provider fails for a while: every chat queues up behind its first reply.
        outbound.Receiver.Answer(_ => ReceiverAnswer.Error(503));
        string[] chats = ["chat-a", "chat-b", "chat-c"];
        var posted = chats.ToDictionary(c => c, _ => new List<string>());
        var retryAt = DateTimeOffset.MinValue;
        foreach (var chat in chats)
        {
            var task = await outbound.ContactWritesAsync(chat, "contact-" + chat);
            for (var i = 1; i <= 3; i++)
            {
                var accepted = await outbound.ReplyAsync(task, $"{chat} #{i}");
                posted[chat].Add(accepted.NumberText("messageId"));
                if (i == 1)
                {
                    var head = await outbound.WaitForAttemptsAsync(accepted.Number("deliveryId"), 1);
                    var due = head.Time("nextAttemptAt");
                    retryAt = due > retryAt ? due : retryAt;
                }
            }
        }

        await outbound.Hub.StopAsync();
        outbound.Receiver.Answer(_ => ReceiverAnswer.Ok());
        await outbound.Hub.StartAsync();
        outbound.AdvanceTo(retryAt);
        await outbound.WaitForCountAsync("delivered", 2 + 9);

        foreach (var chat in chats)
        {
            Assert.Equal(posted[chat], outbound.Receiver.Accepted.Where(c => c.ChatId == chat).Select(c => c.MessageId!));
        }

        Assert.Equal(delivered, outbound.Receiver.Calls.Where(c => c.ChatId == "chat-done").Select(c => c.MessageId!));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_delivery_cut_off_by_a_stop_goes_again_with_the_same_messageId_and_what_was_delivered_does_not(StoreKind store)
    {
        // No grace at shutdown: the attempt under way is cut off, as a crash would.
        await using var outbound = await OutboundHub.StartAsync(store, s => s["shutdownTimeoutSeconds"] = "0");
        var other = await outbound.ContactWritesAsync("chat-other", "contact-other");
        var before = await outbound.ReplyAsync(other, "Delivered before the stop");
        await outbound.WaitForStateAsync(before.Number("deliveryId"), "delivered");

        var task = await outbound.ContactWritesAsync("chat-1");
        outbound.Receiver.Answer(call => call.Text == "Held" ? ReceiverAnswer.Silence() : ReceiverAnswer.Ok());
        var held = await outbound.ReplyAsync(task, "Held");
        var after = await outbound.ReplyAsync(task, "After");
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Any(c => c.Text == "Held"), "the provider to get the held call");

        await outbound.Hub.StopAsync();
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Single(c => c.Text == "Held").Aborted, "the stop to cut the held call off");
        outbound.Receiver.Answer(_ => ReceiverAnswer.Ok());
        await outbound.Hub.StartAsync();
        await outbound.WaitForStateAsync(after.Number("deliveryId"), "delivered");

        var heldId = held.NumberText("messageId");
        Assert.Equal([heldId, heldId], outbound.Receiver.Calls.Where(c => c.Text == "Held").Select(c => c.MessageId));
        Assert.Equal(["Delivered before the stop", "Held", "After"], outbound.Receiver.Accepted.Select(c => c.Text));
        Assert.Equal("sent", (await outbound.DeliveryAsync(held.Number("deliveryId"))).Text("messageStatus"));
    }
}
