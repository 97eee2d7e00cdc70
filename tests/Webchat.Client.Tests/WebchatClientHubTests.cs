using System.Net;
using System.Net.Http.Json;
using Webchat.Client.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Client.Tests;

/// <summary>The SDK against the real hub on loopback: every command, every error kind.</summary>
public sealed class WebchatClientHubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Every_command_reaches_the_hub_with_every_field(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var sdk = Sdk.For(hub);
        using var api = hub.Operator();

        var sent = await sdk.Client.SendMessageAsync(new SendMessageRequest
        {
            ChatId = "chat-1",
            ContactId = "contact-1",
            Message = "Здравствуйте, есть вопрос 🙂",
            ContactName = "Иван",
            ContactLastName = "Иванов",
            ContactIco = "https://example.com/ivan.png",
            ContactEmail = "ivan@example.com",
            ContactPhone = "+79051234567",
            ContactData = "пришёл по запросу газовые котлы",
            Channel = "telegram",
            Title = "Order #42",
            Attachments = [new Attachment("фото1.jpg", "https://example.com/1.jpg"), new Attachment("price list.pdf", "https://example.com/2.pdf?a=1&b=2")],
            TaskData = [new("utm_source", "google"), new("utm_medium", "cpc")],
        }, Ct);
        Assert.Equal(new SendMessageResult(1, 1), sent);

        var echo = await sdk.Client.SendMessageAsync(new SendMessageRequest
        {
            ChatId = "chat-1", ContactId = "contact-1", Message = "We will call you", Title = "Ignored", IsEcho = true, UserEmail = TestData.AgentEmail,
        }, Ct);
        Assert.Equal(1, echo.TaskNumber);

        var task = await api.GetJsonAsync("/api/tasks/1");
        Assert.Equal("Order #42", task.Text("name"));
        Assert.Equal("пришёл по запросу газовые котлы", task.Text("additionalDescription"));
        Assert.Equal("telegram", task.GetProperty("chat").Text("channel"));
        Assert.Equal([("utm_source", "google"), ("utm_medium", "cpc")], task.GetProperty("fields").EnumerateArray().Select(f => (f.Text("name"), f.Text("value"))));
        var contact = task.GetProperty("contact");
        Assert.Equal(("Иван", "Иванов", "ivan@example.com", "+79051234567", "https://example.com/ivan.png"),
            (contact.Text("name"), contact.Text("lastName"), contact.Text("email"), contact.Text("phone"), contact.Text("ico")));
        var messages = task.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(["Здравствуйте, есть вопрос 🙂", "We will call you"], messages.Select(m => m.Text("text")));
        Assert.Equal(["fromContact", "echo"], messages.Select(m => m.Text("direction")));
        Assert.Equal(TestData.AgentEmail, messages[1].GetProperty("author").Text("email"));
        Assert.Equal(
            [("фото1.jpg", "https://example.com/1.jpg"), ("price list.pdf", "https://example.com/2.pdf?a=1&b=2")],
            messages[0].GetProperty("attachments").EnumerateArray().Select(a => (a.Text("name"), a.Text("url"))));

        Assert.Equal(new GetTaskResult(1, true), await sdk.Client.GetTaskAsync(new GetTaskRequest("chat-1"), Ct));
        Assert.Equal(new GetContactResult(1), await sdk.Client.GetContactAsync(new GetContactRequest("contact-1"), Ct));

        await sdk.Client.UpdateContactAsync(new UpdateContactRequest { ContactId = "contact-1", ContactName = "Пётр", ContactLastName = "Петров", ContactEmail = "petr@example.com" }, Ct);
        var updated = await api.GetJsonAsync("/api/contacts/1");
        Assert.Equal(("Пётр", "Петров", "petr@example.com", "+79051234567"), (updated.Text("name"), updated.Text("lastName"), updated.Text("email"), updated.Text("phone")));

        var messageId = await hub.AddSentMessageAsync(1, status: DeliveryStatus.Sent);
        await sdk.Client.SendMessageStatusAsync(new MessageStatusRequest(messageId.ToString(System.Globalization.CultureInfo.InvariantCulture), WebchatMessageStatus.Read, "Seen on the phone"), Ct);
        var read = (await api.GetJsonAsync("/api/tasks/1")).GetProperty("messages").EnumerateArray().Single(m => m.Number("id") == messageId);
        Assert.Equal(("read", "Seen on the phone"), (read.Text("status"), read.Text("statusText")));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Every_error_of_the_hub_becomes_its_kind(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var sdk = Sdk.For(hub, o => o.MaxRetries = 1);
        using var wrongKey = Sdk.For(hub, o => o.PlanfixToken = "wrong-token");
        await sdk.Client.SendMessageAsync(new SendMessageRequest { ChatId = "chat-1", ContactId = "contact-1", Message = "Hello" }, Ct);

        await ShouldFailAsync(WebchatErrorKind.InvalidToken, 401, () => wrongKey.Client.GetTaskAsync(new GetTaskRequest("chat-1"), Ct));
        await ShouldFailAsync(WebchatErrorKind.InvalidParameters, 400, () => sdk.Client.SendMessageAsync(new SendMessageRequest { ChatId = "chat-1", ContactId = "contact-1" }, Ct));
        await ShouldFailAsync(WebchatErrorKind.InvalidParameters, 400, () => sdk.Client.SendMessageStatusAsync(new MessageStatusRequest("999999", WebchatMessageStatus.Read), Ct));
        await ShouldFailAsync(WebchatErrorKind.TaskNotFound, 400, () => sdk.Client.GetTaskAsync(new GetTaskRequest("no-such-chat"), Ct));
        await ShouldFailAsync(WebchatErrorKind.UnknownContact, 400, () => sdk.Client.GetContactAsync(new GetContactRequest("no-such-contact"), Ct));

        await hub.StopAsync();
        var down = await Assert.ThrowsAsync<WebchatException>(() => sdk.Client.GetTaskAsync(new GetTaskRequest("chat-1"), Ct));
        Assert.Equal(WebchatErrorKind.Unavailable, down.Kind);
        Assert.Null(down.StatusCode);
        Assert.Contains("Webchat:HubUrl", down.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_from_the_hub_opens_a_chat_whose_answers_land_in_the_same_task(StoreKind store)
    {
        await using var provider = await ProviderApp.StartAsync(chatId: "chat-new", contactId: "contact-7");
        await using var hub = await HubHost.StartAsync(store, s =>
        {
            s["Hub:Integrations:0:ProviderUrl"] = provider.Url.ToString();
            s["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true";
        });
        using var sdk = Sdk.For(hub);
        using var api = hub.Operator();
        await sdk.Client.UpdateContactAsync(new UpdateContactRequest { ContactId = "contact-7", ContactName = "Maria", ContactPhone = "+15550001111" }, Ct);
        var contact = await sdk.Client.GetContactAsync(new GetContactRequest("contact-7"), Ct);

        using var response = await api.PostAsJsonAsync($"/api/contacts/{contact.Number}/messages", new { text = "Your order is ready", authorEmail = TestData.AgentEmail }, Ct);
        var accepted = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        await Eventually.TrueAsync(
            async () => (await api.GetJsonAsync($"/api/deliveries/{accepted.Number("deliveryId")}")).Text("state") == "delivered",
            "the first message to be delivered");

        var first = Assert.Single(provider.Handled);
        Assert.True(first.IsFirstMessage);
        Assert.Equal(("+15550001111", "Your order is ready", "Anton Agent"), (first.ContactPhone, first.Text, first.Employee.DisplayName));

        var answer = await sdk.Client.SendMessageAsync(new SendMessageRequest { ChatId = "chat-new", ContactId = "contact-7", Message = "Thanks!" }, Ct);
        Assert.Equal(accepted.Number("taskNumber"), answer.TaskNumber);
        Assert.Equal(contact.Number, answer.ContactNumber);
    }

    internal static async Task<WebchatException> ShouldFailAsync(WebchatErrorKind kind, int? status, Func<Task> call)
    {
        var failure = await Assert.ThrowsAsync<WebchatException>(call);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        return failure;
    }
}
