using System.Text.Json;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Delivery;

public sealed class DeliveryTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_provider_down_for_a_while_gets_every_reply_once_and_in_each_chats_order_when_it_is_back(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        string[] chats = ["chat-a", "chat-b", "chat-c"];
        var tasks = new Dictionary<string, long>();
        foreach (var chat in chats)
        {
            tasks[chat] = await outbound.ContactWritesAsync(chat, "contact-" + chat);
        }

        await outbound.Receiver.GoDownAsync();
        var posted = chats.ToDictionary(c => c, _ => new List<string>());
        var heads = new List<long>();
        for (var round = 1; round <= 4; round++)
        {
            foreach (var chat in chats)
            {
                var accepted = await outbound.ReplyAsync(tasks[chat], $"{chat} #{round}");
                posted[chat].Add(accepted.NumberText("messageId"));
                if (round == 1)
                {
                    heads.Add(accepted.Number("deliveryId"));
                }
            }
        }

        // Each chat's first reply was tried and could not get through; the rest of each chat waits behind it.
        var retryAt = DateTimeOffset.MinValue;
        foreach (var head in heads)
        {
            var delivery = await outbound.WaitForAttemptsAsync(head, 1);
            var attempt = delivery.GetProperty("attempts")[0];
            Assert.Equal("retry", attempt.Text("outcome"));
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
            Assert.StartsWith("Could not reach the provider", attempt.Text("error"), StringComparison.Ordinal);
            Assert.Equal("pending", delivery.Text("messageStatus"));
            var wait = delivery.Time("nextAttemptAt") - attempt.Time("at");
            Assert.InRange(wait, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
            retryAt = Max(retryAt, delivery.Time("nextAttemptAt"));
        }

        Assert.Equal(12 - 3, (await outbound.DeliveriesAsync("state=pending")).GetProperty("items").EnumerateArray().Count(d => d.GetProperty("attemptCount").GetInt32() == 0));

        await outbound.Receiver.ComeBackAsync();
        outbound.AdvanceTo(retryAt);
        await outbound.WaitForCountAsync("delivered", 12);

        Assert.Equal(12, outbound.Receiver.Calls.Count);
        foreach (var chat in chats)
        {
            Assert.Equal(posted[chat], outbound.Receiver.Accepted.Where(c => c.ChatId == chat).Select(c => c.MessageId!));
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_401_marks_the_message_failed_at_once_without_retrying_and_the_chat_goes_on(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        outbound.Receiver.Answer(call => call.Text == "Refused" ? ReceiverAnswer.Error(401, "Invalid token") : ReceiverAnswer.Ok());

        var refused = await outbound.ReplyAsync(task, "Refused");
        var next = await outbound.ReplyAsync(task, "Next");
        var failed = await outbound.WaitForStateAsync(refused.Number("deliveryId"), "failed");
        await outbound.WaitForStateAsync(next.Number("deliveryId"), "delivered");

        Assert.Equal("error", failed.Text("messageStatus"));
        Assert.Contains("401", failed.Text("messageStatusText"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);
        var attempt = Assert.Single(failed.GetProperty("attempts").EnumerateArray());
        Assert.Equal(401, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("failed", attempt.Text("outcome"));
        Assert.Contains("Invalid token", attempt.Text("answer"), StringComparison.Ordinal);

        // A day later, and another reply after it: the refused one was never sent again.
        outbound.AdvanceTo(outbound.Hub.Clock.GetUtcNow().AddDays(2));
        var later = await outbound.ReplyAsync(task, "Later");
        await outbound.WaitForStateAsync(later.Number("deliveryId"), "delivered");
        Assert.Equal(["Refused", "Next", "Later"], outbound.Receiver.Calls.Select(c => c.Text));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Retries_follow_the_configured_schedule_on_the_hubs_clock_and_honour_Retry_After(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s =>
        {
            s["Hub:Delivery:RetrySchedule:0"] = "00:00:10";
            s["Hub:Delivery:RetrySchedule:1"] = "00:01:00";
            s["Hub:Delivery:RetrySchedule:2"] = "00:05:00";
            s["Hub:Delivery:Jitter"] = "0";
        });
        var task = await outbound.ContactWritesAsync("chat-1");
        var answers = new Queue<ReceiverAnswer>([
            ReceiverAnswer.Error(500),
            ReceiverAnswer.Error(429),
            ReceiverAnswer.Error(503, "Maintenance", retryAfterSeconds: 600),
            ReceiverAnswer.Ok()]);
        outbound.Receiver.Answer(_ => answers.Dequeue());
        var start = outbound.Hub.Clock.GetUtcNow();

        var id = (await outbound.ReplyAsync(task, "Persistent")).Number("deliveryId");
        var delivery = await outbound.WaitForAttemptsAsync(id, 1);
        Assert.Equal(start.AddSeconds(10), delivery.Time("nextAttemptAt"));

        outbound.AdvanceTo(start.AddSeconds(10));
        delivery = await outbound.WaitForAttemptsAsync(id, 2);
        Assert.Equal(start.AddSeconds(10 + 60), delivery.Time("nextAttemptAt"));

        // The provider asks for 10 minutes, longer than the schedule's 5: it gets them.
        outbound.AdvanceTo(start.AddSeconds(70));
        delivery = await outbound.WaitForAttemptsAsync(id, 3);
        Assert.Equal(start.AddSeconds(70 + 600), delivery.Time("nextAttemptAt"));
        Assert.Equal(3, outbound.Receiver.Calls.Count);

        outbound.AdvanceTo(start.AddSeconds(670));
        delivery = await outbound.WaitForStateAsync(id, "delivered");

        Assert.Equal([500, 429, 503, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["retry", "retry", "retry", "delivered"], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.Text("outcome")));
        Assert.Equal([start, start.AddSeconds(10), start.AddSeconds(70), start.AddSeconds(670)], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.Time("at")));
        Assert.Equal("sent", delivery.Text("messageStatus"));
        var messageIds = outbound.Receiver.Calls.Select(c => c.MessageId).Distinct();
        Assert.Single(messageIds);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task When_the_schedule_is_spent_the_message_shows_an_error_with_the_last_reason(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s =>
        {
            s["Hub:Delivery:RetrySchedule:0"] = "00:00:10";
            s["Hub:Delivery:Jitter"] = "0";
        });
        var task = await outbound.ContactWritesAsync("chat-1");
        outbound.Receiver.Answer(_ => ReceiverAnswer.Error(502));

        var id = (await outbound.ReplyAsync(task, "Doomed")).Number("deliveryId");
        var first = await outbound.WaitForAttemptsAsync(id, 1);
        outbound.AdvanceTo(first.Time("nextAttemptAt"));
        var failed = await outbound.WaitForStateAsync(id, "failed");

        Assert.Equal(2, failed.GetProperty("attemptCount").GetInt32());
        Assert.Equal("error", failed.Text("messageStatus"));
        Assert.Equal("Gave up after 2 attempts. The last: The provider answered 502.", failed.Text("messageStatusText"));
        Assert.Equal(2, outbound.Receiver.Calls.Count);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_provider_that_does_not_answer_in_time_is_given_up_on_and_tried_again(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s => s["Hub:Delivery:Timeout"] = "00:00:05");
        var task = await outbound.ContactWritesAsync("chat-1");
        var calls = 0;
        outbound.Receiver.Answer(_ => Interlocked.Increment(ref calls) == 1 ? ReceiverAnswer.Silence() : ReceiverAnswer.Ok());

        var id = (await outbound.ReplyAsync(task, "Slow")).Number("deliveryId");
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Count == 1, "the provider to get the call");
        outbound.AdvanceTo(outbound.Hub.Clock.GetUtcNow().AddSeconds(5));
        var timedOut = await outbound.WaitForAttemptsAsync(id, 1);

        var attempt = timedOut.GetProperty("attempts")[0];
        Assert.Equal("No answer within 5 s (Hub:Delivery:Timeout).", attempt.Text("error"));
        Assert.Equal("retry", attempt.Text("outcome"));
        await Eventually.TrueAsync(() => outbound.Receiver.Calls[0].Aborted, "the hub to hang up");

        outbound.AdvanceTo(timedOut.Time("nextAttemptAt"));
        await outbound.WaitForStateAsync(id, "delivered");
        Assert.Single(outbound.Receiver.Accepted);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_redirect_is_not_followed_and_fails_the_message_with_the_reason(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        outbound.Receiver.Answer(_ => new ReceiverAnswer(302, "{}", Location: "http://127.0.0.2:9/elsewhere"));

        var id = (await outbound.ReplyAsync(task, "Hello")).Number("deliveryId");
        var failed = await outbound.WaitForStateAsync(id, "failed");

        Assert.Contains("http://127.0.0.2:9/elsewhere", failed.Text("lastError"), StringComparison.Ordinal);
        Assert.Contains("not followed", failed.Text("lastError"), StringComparison.Ordinal);
        Assert.Single(outbound.Receiver.Calls);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Ticks_only_move_forward_whatever_order_the_delivery_and_the_providers_statuses_come_in(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        using var provider = outbound.Hub.Provider();

        var first = await outbound.ReplyAsync(task, "First");
        var firstId = first.Number("deliveryId");
        await outbound.WaitForStateAsync(firstId, "delivered");
        Assert.Equal("sent", (await outbound.DeliveryAsync(firstId)).Text("messageStatus"));

        foreach (var (status, expected) in new[] { ("read", "read"), ("sent", "read"), ("delivered", "read"), ("error", "read") })
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, first.NumberText("messageId"), status, "from the phone"));
            Assert.Equal(expected, (await outbound.DeliveryAsync(firstId)).Text("messageStatus"));
        }

        // The provider reports the message read before it even answers the hub's call: the late delivery does not undo it.
        outbound.Receiver.AnswerAsync(async call =>
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, call.MessageId!, "read"));
            return ReceiverAnswer.Ok();
        });
        var second = await outbound.ReplyAsync(task, "Second");
        var delivered = await outbound.WaitForStateAsync(second.Number("deliveryId"), "delivered");
        Assert.Equal("read", delivered.Text("messageStatus"));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
