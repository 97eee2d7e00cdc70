using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Replies;

public sealed class FirstMessageTests
{
    private const string Phone = "+15550001111";

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_opens_a_chat_whose_answers_land_in_the_same_task(StoreKind store)
    {
        await using var outbound = await StartAsync(store);
        var contact = await KnownContactAsync(outbound, "contact-7");
        outbound.Receiver.Answer(call => call.ChatId is null ? ReceiverAnswer.Opened("chat-new", "contact-7") : ReceiverAnswer.Ok());

        var accepted = await WriteFirstAsync(outbound, contact, "Your order is ready");
        var task = accepted.Number("taskNumber");
        var delivery = await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");

        Assert.Equal("sent", delivery.Text("messageStatus"));
        var first = Assert.Single(outbound.Receiver.Calls);
        Assert.Null(first.Form["chatId"]);
        Assert.Equal(Phone, first.Form["contactPhone"]);
        Assert.Equal("Your order is ready", first.Text);
        Assert.Equal($"task+{task}@hub.example.com", first.Form["taskEmail"]);

        // The contact answers in the chat the provider opened: the answer lands in the task.
        Assert.Equal(task, await outbound.ContactWritesAsync("chat-new", "contact-7", "Thanks!"));

        // And the employee's next reply goes to that chat.
        var next = await outbound.ReplyAsync(task, "You are welcome");
        await outbound.WaitForStateAsync(next.Number("deliveryId"), "delivered");
        Assert.Equal("chat-new", outbound.Receiver.Calls[^1].ChatId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_contactId_the_provider_answers_becomes_the_contacts_so_its_messages_find_it(StoreKind store)
    {
        await using var outbound = await StartAsync(store);
        var contact = await KnownContactAsync(outbound, "phone-79051234567");
        outbound.Receiver.Answer(call => call.ChatId is null ? ReceiverAnswer.Opened("chat-new", "57487124") : ReceiverAnswer.Ok());

        var accepted = await WriteFirstAsync(outbound, contact, "Your order is ready");
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");

        using var provider = outbound.Hub.Provider();
        var answer = await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-new", "Thanks!", new ContactDetails("57487124", "Maria", "Petrova")));
        Assert.Equal((accepted.Number("taskNumber"), contact), (answer.Number, answer.ContactNumber));
        var only = Assert.Single(await outbound.Hub.ContactsAsync());
        Assert.Equal("57487124", only.ExternalId);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Replies_written_before_the_chat_opens_follow_the_first_message_in_order_into_the_new_chat(StoreKind store)
    {
        await using var outbound = await StartAsync(store);
        var contact = await KnownContactAsync(outbound, "contact-7");
        outbound.Receiver.Answer(_ => ReceiverAnswer.Error(503));
        var first = await WriteFirstAsync(outbound, contact, "First");
        var task = first.Number("taskNumber");
        var waiting = await outbound.WaitForAttemptsAsync(first.Number("deliveryId"), 1);

        var second = await outbound.ReplyAsync(task, "Second");
        var third = await outbound.ReplyAsync(task, "Third");
        outbound.Receiver.Answer(call => call.ChatId is null ? ReceiverAnswer.Opened("chat-new", "contact-7") : ReceiverAnswer.Ok());
        outbound.AdvanceTo(waiting.Time("nextAttemptAt"));
        await outbound.WaitForStateAsync(third.Number("deliveryId"), "delivered");

        Assert.Equal(
            [("First", null), ("Second", "chat-new"), ("Third", "chat-new")],
            outbound.Receiver.Accepted.Select(c => (c.Text, c.ChatId)));
        Assert.Equal(2, outbound.Receiver.Calls.Count(c => c.Text == "First"));
        Assert.Equal(second.Number("messageId") + 1, third.Number("messageId"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_answered_without_the_new_chats_ids_fails_with_the_reason_and_is_not_sent_again(StoreKind store)
    {
        await using var outbound = await StartAsync(store);
        var contact = await KnownContactAsync(outbound, "contact-7");
        outbound.Receiver.Answer(_ => new ReceiverAnswer(200, """{"chatId":"chat-new"}"""));

        var accepted = await WriteFirstAsync(outbound, contact, "Hello");
        var delivery = await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "failed");

        Assert.Equal("error", delivery.Text("messageStatus"));
        Assert.Contains("chatId and contactId", delivery.Text("lastError"), StringComparison.Ordinal);
        Assert.Contains("chatId and contactId", delivery.Text("messageStatusText"), StringComparison.Ordinal);
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("""{"chatId":"chat-new"}""", attempt.Text("answer"));
        Assert.True(delivery.IsNull("nextAttemptAt"));
        Assert.Single(outbound.Receiver.Calls);

        // No chat was linked: the contact's message in that chat opens a task of its own.
        Assert.NotEqual(accepted.Number("taskNumber"), await outbound.ContactWritesAsync("chat-new", "contact-7"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Writing_first_is_refused_with_a_clear_problem_when_it_cannot_be_done(StoreKind store)
    {
        await using (var off = await OutboundHub.StartAsync(store))
        {
            var contact = await KnownContactAsync(off, "contact-7");
            using var response = await PostFirstAsync(off, contact, "Hello");
            var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("Hub:Integrations:0:WriteButtonForContactsWithPhone", problem.Text("detail"), StringComparison.Ordinal);
        }

        await using var outbound = await StartAsync(store);
        using (var response = await PostFirstAsync(outbound, await KnownContactAsync(outbound, "no-phone", phone: null), "Hello"))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("has none", problem.Text("detail"), StringComparison.Ordinal);
        }

        var task = await outbound.ContactWritesAsync("chat-1", "chatting", phone: Phone);
        using (var response = await PostFirstAsync(outbound, await ContactNumberAsync(outbound, "chatting"), "Hello"))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains($"/api/tasks/{task}/messages", problem.Text("detail"), StringComparison.Ordinal);
        }

        outbound.Receiver.Answer(_ => ReceiverAnswer.Error(503));
        var waiting = await KnownContactAsync(outbound, "waiting");
        var first = await WriteFirstAsync(outbound, waiting, "Hello");
        using (var response = await PostFirstAsync(outbound, waiting, "Hello again"))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains($"task #{first.Number("taskNumber")}", problem.Text("detail"), StringComparison.Ordinal);
        }

        using (var response = await PostFirstAsync(outbound, 999, "Hello"))
        {
            await response.ReadProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_contact_added_by_hand_takes_the_providers_contactId_so_its_answers_come_back_to_it(StoreKind store)
    {
        await using var outbound = await StartAsync(store);
        using var added = await outbound.Operator.PostAsJsonAsync(
            "/api/contacts", new { integration = TestData.ProviderId, name = "Maria", phone = Phone }, TestContext.Current.CancellationToken);
        var contact = (await added.ReadJsonAsync(HttpStatusCode.Created)).Number("number");
        outbound.Receiver.Answer(call => call.ChatId is null ? ReceiverAnswer.Opened("chat-new", "provider-77") : ReceiverAnswer.Ok());

        var accepted = await WriteFirstAsync(outbound, contact, "Your order is ready");
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");

        Assert.Equal("provider-77", (await outbound.Operator.GetJsonAsync($"/api/contacts/{contact}")).Text("contactId"));
        Assert.Equal(accepted.Number("taskNumber"), await outbound.ContactWritesAsync("chat-new", "provider-77", "Thanks!"));
        Assert.Equal(contact, await ContactNumberAsync(outbound, "provider-77"));
    }

    private static Task<OutboundHub> StartAsync(StoreKind store) =>
        OutboundHub.StartAsync(store, s => s["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true");

    /// <summary>A contact the provider told the hub about with <c>updateContact</c>, with no chat; returns its number.</summary>
    private static async Task<long> KnownContactAsync(OutboundHub outbound, string contactId, string? phone = Phone)
    {
        using (var provider = outbound.Hub.Provider())
        {
            await provider.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails(contactId, "Maria", "Petrova", Phone: phone)));
        }

        return await ContactNumberAsync(outbound, contactId);
    }

    private static async Task<long> ContactNumberAsync(OutboundHub outbound, string contactId)
    {
        using var provider = outbound.Hub.Provider();
        return (await provider.SendOkAsync(new GetContactCommand(TestData.ProviderId, contactId))).Number;
    }

    private static async Task<System.Text.Json.JsonElement> WriteFirstAsync(OutboundHub outbound, long contact, string text)
    {
        using var response = await PostFirstAsync(outbound, contact, text);
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    private static Task<HttpResponseMessage> PostFirstAsync(OutboundHub outbound, long contact, string text) =>
        outbound.Operator.PostAsJsonAsync($"/api/contacts/{contact}/messages", new { text, authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
}
