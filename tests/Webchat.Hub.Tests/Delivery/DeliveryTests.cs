using System.Globalization;
using System.Net;
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
                posted[chat].Add(Id(accepted.GetProperty("messageId")));
                if (round == 1)
                {
                    heads.Add(accepted.GetProperty("deliveryId").GetInt64());
                }
            }
        }

        // Each chat's first reply was tried and could not get through; the rest of each chat waits behind it.
        var retryAt = DateTimeOffset.MinValue;
        foreach (var head in heads)
        {
            var delivery = await outbound.WaitForAttemptsAsync(head, 1);
            var attempt = delivery.GetProperty("attempts")[0];
            Assert.Equal("retry", attempt.GetProperty("outcome").GetString());
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
            Assert.StartsWith("Could not reach the provider", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal("pending", delivery.GetProperty("messageStatus").GetString());
            var wait = delivery.GetProperty("nextAttemptAt").GetDateTimeOffset() - attempt.GetProperty("at").GetDateTimeOffset();
            Assert.InRange(wait, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
            retryAt = Max(retryAt, delivery.GetProperty("nextAttemptAt").GetDateTimeOffset());
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
        var failed = await outbound.WaitForStateAsync(refused.GetProperty("deliveryId").GetInt64(), "failed");
        await outbound.WaitForStateAsync(next.GetProperty("deliveryId").GetInt64(), "delivered");

        Assert.Equal("error", failed.GetProperty("messageStatus").GetString());
        Assert.Contains("401", failed.GetProperty("messageStatusText").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);
        var attempt = Assert.Single(failed.GetProperty("attempts").EnumerateArray());
        Assert.Equal(401, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("failed", attempt.GetProperty("outcome").GetString());
        Assert.Contains("Invalid token", attempt.GetProperty("answer").GetString(), StringComparison.Ordinal);

        // A day later, and another reply after it: the refused one was never sent again.
        outbound.AdvanceTo(outbound.Hub.Clock.GetUtcNow().AddDays(2));
        var later = await outbound.ReplyAsync(task, "Later");
        await outbound.WaitForStateAsync(later.GetProperty("deliveryId").GetInt64(), "delivered");
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

        var id = (await outbound.ReplyAsync(task, "Persistent")).GetProperty("deliveryId").GetInt64();
        var delivery = await outbound.WaitForAttemptsAsync(id, 1);
        Assert.Equal(start.AddSeconds(10), delivery.GetProperty("nextAttemptAt").GetDateTimeOffset());

        outbound.AdvanceTo(start.AddSeconds(10));
        delivery = await outbound.WaitForAttemptsAsync(id, 2);
        Assert.Equal(start.AddSeconds(10 + 60), delivery.GetProperty("nextAttemptAt").GetDateTimeOffset());

        // The provider asks for 10 minutes, longer than the schedule's 5: it gets them.
        outbound.AdvanceTo(start.AddSeconds(70));
        delivery = await outbound.WaitForAttemptsAsync(id, 3);
        Assert.Equal(start.AddSeconds(70 + 600), delivery.GetProperty("nextAttemptAt").GetDateTimeOffset());
        Assert.Equal(3, outbound.Receiver.Calls.Count);

        outbound.AdvanceTo(start.AddSeconds(670));
        delivery = await outbound.WaitForStateAsync(id, "delivered");

        Assert.Equal([500, 429, 503, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["retry", "retry", "retry", "delivered"], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal([start, start.AddSeconds(10), start.AddSeconds(70), start.AddSeconds(670)], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("at").GetDateTimeOffset()));
        Assert.Equal("sent", delivery.GetProperty("messageStatus").GetString());
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

        var id = (await outbound.ReplyAsync(task, "Doomed")).GetProperty("deliveryId").GetInt64();
        var first = await outbound.WaitForAttemptsAsync(id, 1);
        outbound.AdvanceTo(first.GetProperty("nextAttemptAt").GetDateTimeOffset());
        var failed = await outbound.WaitForStateAsync(id, "failed");

        Assert.Equal(2, failed.GetProperty("attemptCount").GetInt32());
        Assert.Equal("error", failed.GetProperty("messageStatus").GetString());
        Assert.Equal("Gave up after 2 attempts. The last: The provider answered 502.", failed.GetProperty("messageStatusText").GetString());
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

        var id = (await outbound.ReplyAsync(task, "Slow")).GetProperty("deliveryId").GetInt64();
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Count == 1, "the provider to get the call");
        outbound.AdvanceTo(outbound.Hub.Clock.GetUtcNow().AddSeconds(5));
        var timedOut = await outbound.WaitForAttemptsAsync(id, 1);

        var attempt = timedOut.GetProperty("attempts")[0];
        Assert.Equal("No answer within 5 s (Hub:Delivery:Timeout).", attempt.GetProperty("error").GetString());
        Assert.Equal("retry", attempt.GetProperty("outcome").GetString());
        await Eventually.TrueAsync(() => outbound.Receiver.Calls[0].Aborted, "the hub to hang up");

        outbound.AdvanceTo(timedOut.GetProperty("nextAttemptAt").GetDateTimeOffset());
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

        var id = (await outbound.ReplyAsync(task, "Hello")).GetProperty("deliveryId").GetInt64();
        var failed = await outbound.WaitForStateAsync(id, "failed");

        Assert.Contains("http://127.0.0.2:9/elsewhere", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("not followed", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
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
        var firstId = first.GetProperty("deliveryId").GetInt64();
        await outbound.WaitForStateAsync(firstId, "delivered");
        Assert.Equal("sent", (await outbound.DeliveryAsync(firstId)).GetProperty("messageStatus").GetString());

        foreach (var (status, expected) in new[] { ("read", "read"), ("sent", "read"), ("delivered", "read"), ("error", "read") })
        {
            using var response = await provider.SendAsync(new MessageStatusCommand(TestData.ProviderId, Id(first.GetProperty("messageId")), status, "from the phone"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected, (await outbound.DeliveryAsync(firstId)).GetProperty("messageStatus").GetString());
        }

        // The provider reports the message read before it even answers the hub's call: the late delivery does not undo it.
        outbound.Receiver.AnswerAsync(async call =>
        {
            using var response = await provider.SendAsync(new MessageStatusCommand(TestData.ProviderId, call.MessageId!, "read"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return ReceiverAnswer.Ok();
        });
        var second = await outbound.ReplyAsync(task, "Second");
        var delivered = await outbound.WaitForStateAsync(second.GetProperty("deliveryId").GetInt64(), "delivered");
        Assert.Equal("read", delivered.GetProperty("messageStatus").GetString());
    }

    private static string Id(JsonElement number) => number.GetInt64().ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
