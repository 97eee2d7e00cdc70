using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// Answers a provider may give that a store cannot keep as they are (a NUL, an emoji cut in half by the
/// excerpt, an id longer than its column): the delivery is settled with the answer cleaned, or failed
/// with a clear reason, and the chat's next replies go on. Before, PostgreSQL's refusal read as an outage:
/// the delivery was retried every poll for ever, holding its chat.
/// </summary>
public sealed class UnstorableAnswerTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Answers_with_a_NUL_or_an_emoji_cut_at_the_excerpt_are_kept_cleaned_and_the_chat_goes_on(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        var emojiAtTheCut = new string('a', 511) + "😀 and more";
        outbound.Receiver.Answer(call => call.Text switch
        {
            "first" => new ReceiverAnswer(200, "ok\0done"),
            "second" => new ReceiverAnswer(200, emojiAtTheCut),
            _ => ReceiverAnswer.Ok(),
        });

        var first = await outbound.ReplyAsync(task, "first");
        var second = await outbound.ReplyAsync(task, "second");
        var third = await outbound.ReplyAsync(task, "third");

        var delivered = await outbound.WaitForStateAsync(third.Number("deliveryId"), "delivered");
        Assert.Equal(["first", "second", "third"], outbound.Receiver.Accepted.Select(c => c.Text));
        var firstDelivery = await outbound.DeliveryAsync(first.Number("deliveryId"));
        Assert.Equal("delivered", firstDelivery.Text("state"));
        Assert.Equal("okdone", Assert.Single(firstDelivery.GetProperty("attempts").EnumerateArray()).Text("answer"));
        var secondDelivery = await outbound.DeliveryAsync(second.Number("deliveryId"));
        Assert.Equal("delivered", secondDelivery.Text("state"));
        Assert.Equal(new string('a', 511), Assert.Single(secondDelivery.GetProperty("attempts").EnumerateArray()).Text("answer"));
        Assert.Equal("sent", delivered.Text("messageStatus"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_answered_with_a_chatId_longer_than_the_store_keeps_fails_with_the_reason(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s => s["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true");
        using (var provider = outbound.Hub.Provider())
        {
            await provider.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("contact-7", "Maria", Phone: "+15550001111")));
        }

        var longNumber = new string('7', 300);
        outbound.Receiver.Answer(_ => new ReceiverAnswer(200, $$"""{"chatId":{{longNumber}},"contactId":"contact-7\u0000"}"""));
        using var response = await outbound.Operator.PostAsJsonAsync("/api/contacts/1/messages", new { text = "Hello", authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
        var accepted = await response.ReadJsonAsync(HttpStatusCode.Accepted);

        var delivery = await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "failed");
        Assert.Contains("1 to 255 characters", delivery.Text("lastError"), StringComparison.Ordinal);
        Assert.Equal("error", delivery.Text("messageStatus"));
        Assert.Single(outbound.Receiver.Calls);

        // The employee can still write in the task: the delivery worker is not held.
        var next = await outbound.ReplyAsync(accepted.Number("taskNumber"), "Are you there?");
        await outbound.WaitForAttemptsAsync(next.Number("deliveryId"), 1);
    }
}
