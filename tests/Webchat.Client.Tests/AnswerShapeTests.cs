using Webchat.Client.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Client.Tests;

/// <summary>
/// The SDK against a small fake hub (real Kestrel on loopback) that answers in each shape real hubs use,
/// and records the forms the SDK sends.
/// </summary>
public sealed class AnswerShapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SendMessageRequest Hello = new() { ChatId = "chat-1", ContactId = "contact-1", Message = "Hello" };

    [Theory]
    [InlineData("""{"data":{"number":1014,"contactNumber":58}}""", 1014L, 58L)]
    [InlineData("""{"data":"{\"number\":1014,\"contactNumber\":58}"}""", 1014L, 58L)]
    [InlineData("""{"number":1014}""", 1014L, null)]
    [InlineData("""{"data":{"number":"1014"}}""", 1014L, null)]
    [InlineData("", null, null)]
    [InlineData("{}", null, null)]
    [InlineData("OK", null, null)]
    public async Task A_new_message_answer_is_read_in_every_shape(string body, long? task, long? contact)
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, body));
        using var sdk = Sdk.For(hub.Url);

        Assert.Equal(new SendMessageResult(task, contact), await sdk.Client.SendMessageAsync(Hello, Ct));
    }

    [Theory]
    [InlineData("""{"data":{"number":1014,"statusIsActive":true}}""", true)]
    [InlineData("""{"data":"{\"number\":1014,\"statusIsActive\":false}"}""", false)]
    [InlineData("""{"number":1014,"statusIsActive":0}""", false)]
    [InlineData("""{"data":{"number":1014}}""", null)]
    public async Task A_task_answer_is_read_with_its_status_when_present(string body, bool? active)
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, body));
        using var sdk = Sdk.For(hub.Url);

        Assert.Equal(new GetTaskResult(1014, active), await sdk.Client.GetTaskAsync(new GetTaskRequest("chat-1"), Ct));
    }

    [Theory]
    [InlineData("""{"data":{"number":1058}}""")]
    [InlineData("""{"data":"{\"number\":1058}"}""")]
    [InlineData("""{"number":1058}""")]
    public async Task A_contact_answer_is_read_in_every_shape(string body)
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, body));
        using var sdk = Sdk.For(hub.Url);

        Assert.Equal(new GetContactResult(1058), await sdk.Client.GetContactAsync(new GetContactRequest("contact-1"), Ct));
    }

    [Fact]
    public async Task Commands_whose_answer_the_protocol_leaves_empty_accept_an_empty_200()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, string.Empty));
        using var sdk = Sdk.For(hub.Url);

        await sdk.Client.UpdateContactAsync(new UpdateContactRequest { ContactId = "contact-1", ContactName = "Ivan" }, Ct);
        await sdk.Client.SendMessageStatusAsync(new MessageStatusRequest("41", WebchatMessageStatus.Sent), Ct);

        Assert.Equal(2, hub.Calls.Count);
    }

    [Fact]
    public async Task A_number_the_hub_must_answer_but_does_not_is_an_error_that_names_the_setting()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, "{}"));
        using var sdk = Sdk.For(hub.Url);

        var failure = await WebchatClientHubTests.ShouldFailAsync(WebchatErrorKind.Unavailable, 200, () => sdk.Client.GetTaskAsync(new GetTaskRequest("chat-1"), Ct));
        Assert.Contains("Webchat:HubUrl", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, """{"error":"Invalid token"}""", WebchatErrorKind.InvalidToken)]
    [InlineData(200, """{"error":"Invalid token"}""", WebchatErrorKind.InvalidToken)]
    [InlineData(400, """{"error":"Invalid parameters"}""", WebchatErrorKind.InvalidParameters)]
    [InlineData(400, """{"error":"task not found"}""", WebchatErrorKind.TaskNotFound)]
    [InlineData(400, """{"error":"unknown contact"}""", WebchatErrorKind.UnknownContact)]
    [InlineData(413, """{"error":"Request too large"}""", WebchatErrorKind.InvalidParameters)]
    [InlineData(404, "<html>Not Found</html>", WebchatErrorKind.InvalidParameters)]
    [InlineData(403, "", WebchatErrorKind.InvalidToken)]
    public async Task Each_error_answer_becomes_its_kind_without_a_retry(int status, string body, WebchatErrorKind kind)
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(status, body));
        using var sdk = Sdk.For(hub.Url);

        await WebchatClientHubTests.ShouldFailAsync(kind, status, () => sdk.Client.GetTaskAsync(new GetTaskRequest("chat-1"), Ct));
        Assert.Single(hub.Calls);
    }

    [Fact]
    public async Task The_form_carries_every_field_in_the_protocols_names_with_attachments_paired_in_order()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        using var sdk = Sdk.For(hub.Url);

        await sdk.Client.SendMessageAsync(Hello with
        {
            Message = "Привет & 🙂",
            ContactName = "Иван", ContactLastName = "Иванов", ContactIco = "https://example.com/i.png", ContactEmail = "i@example.com",
            ContactPhone = "+79051234567", ContactData = "VIP", Channel = "tg", Title = "Order",
            Attachments = [new Attachment("a.jpg", "https://example.com/a.jpg"), new Attachment("b c.pdf", "https://example.com/b?x=1&y=2")],
            IsEcho = true, UserEmail = "anna@example.com", TaskData = [new("utm_source", "google")],
        }, Ct);
        await sdk.Client.SendMessageStatusAsync(new MessageStatusRequest("41", WebchatMessageStatus.Error, "blocked"), Ct);

        var form = hub.Calls[0].Form;
        Assert.StartsWith("application/x-www-form-urlencoded", hub.Calls[0].ContentType, StringComparison.Ordinal);
        Assert.Equal(
            [("cmd", "newMessage"), ("providerId", TestData.ProviderId), ("planfix_token", TestData.Token), ("chatId", "chat-1"), ("channel", "tg"),
             ("message", "Привет & 🙂"), ("title", "Order"), ("contactId", "contact-1"), ("contactName", "Иван"), ("contactLastName", "Иванов"),
             ("contactIco", "https://example.com/i.png"), ("contactEmail", "i@example.com"), ("contactPhone", "+79051234567"), ("contactData", "VIP"),
             ("attachments[name]", "a.jpg"), ("attachments[url]", "https://example.com/a.jpg"),
             ("attachments[name]", "b c.pdf"), ("attachments[url]", "https://example.com/b?x=1&y=2"),
             ("isEcho", "1"), ("userEmail", "anna@example.com"), ("data_utm_source", "google")],
            form.All.Select(f => (f.Key, f.Value)));
        var status = hub.Calls[1].Form;
        Assert.Equal(("messageStatus", "41", "error", "blocked"), (status["cmd"], status["messageId"], status["messageStatus"], status["messageStatusText"]));
    }
}
