using System.Globalization;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Tasks;

public sealed class TaskDetailsTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_task_shows_its_contact_fields_descriptions_chat_and_every_message_in_order(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();

        await provider.SendOkAsync(TestData.Message() with
        {
            Contact = new ContactDetails("contact-1", "Ivan", "Ivanov", "https://example.com/ivan.png", "ivan@example.com", "+79991234567", "VIP since 2020"),
            Channel = "telegram",
            Title = "Order #42",
            Attachments = [new("photo.jpg", "https://files.example.com/1"), new("scan.pdf", "https://files.example.com/2")],
            TaskData = [new("utm_source", "google"), new("utm_medium", "cpc")],
        });
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        await provider.SendOkAsync(TestData.Message(text: "We will call you") with { IsEcho = true, UserEmail = TestData.AgentEmail });
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        await provider.SendOkAsync(TestData.Message(text: "Thanks!"));

        var task = await api.GetJsonAsync("/api/tasks/1");

        Assert.Equal(1, task.Number("number"));
        Assert.Equal("Order #42", task.Text("name"));
        Assert.Equal("active", task.Text("status"));
        Assert.Equal(TestData.ProviderId, task.Text("integration"));
        Assert.Equal(hub.Clock.Start, task.Time("createdAt"));
        Assert.True(task.IsNull("completedAt"));
        Assert.True(task.IsNull("description"));
        Assert.Equal("VIP since 2020", task.Text("additionalDescription"));

        var contact = task.GetProperty("contact");
        Assert.Equal(1, contact.Number("number"));
        Assert.Equal("contact-1", contact.Text("contactId"));
        Assert.Equal("Ivan", contact.Text("name"));
        Assert.Equal("Ivanov", contact.Text("lastName"));
        Assert.Equal("ivan@example.com", contact.Text("email"));
        Assert.Equal("+79991234567", contact.Text("phone"));
        Assert.Equal("https://example.com/ivan.png", contact.Text("ico"));
        Assert.Equal("VIP since 2020", contact.Text("data"));

        Assert.Equal(
            [("utm_source", "google"), ("utm_medium", "cpc")],
            task.GetProperty("fields").EnumerateArray().Select(f => (f.Text("name"), f.Text("value"))));
        Assert.Equal("chat-1", task.GetProperty("chat").Text("chatId"));
        Assert.Equal("telegram", task.GetProperty("chat").Text("channel"));

        var messages = task.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(["Hello, I have a question", "We will call you", "Thanks!"], messages.Select(m => m.Text("text")));
        Assert.Equal(["fromContact", "echo", "fromContact"], messages.Select(m => m.Text("direction")));
        Assert.Equal([hub.Clock.Start, hub.Clock.Start.AddMinutes(1), hub.Clock.Start.AddMinutes(2)], messages.Select(m => m.Time("createdAt")));

        var fromContact = messages[0].GetProperty("author");
        Assert.Equal("contact", fromContact.Text("kind"));
        Assert.Equal(1, fromContact.Number("contactNumber"));
        Assert.Equal("Ivan", fromContact.Text("name"));
        Assert.Equal("ivan@example.com", fromContact.Text("email"));
        Assert.Equal(
            [("photo.jpg", "https://files.example.com/1"), ("scan.pdf", "https://files.example.com/2")],
            messages[0].GetProperty("attachments").EnumerateArray().Select(a => (a.Text("name"), a.Text("url"))));

        var echo = messages[1].GetProperty("author");
        Assert.Equal("employee", echo.Text("kind"));
        Assert.Equal(TestData.AgentEmail, echo.Text("email"));
        Assert.Equal("Anton", echo.Text("name"));
        Assert.Equal("Agent", echo.Text("lastName"));
        Assert.True(echo.IsNull("contactNumber"));
        Assert.Empty(messages[1].GetProperty("attachments").EnumerateArray());

        // Messages that came in carry no ticks: those are for what the hub sends.
        Assert.All(messages, m => Assert.True(m.IsNull("status")));
        Assert.All(messages, m => Assert.Empty(m.GetProperty("statusTimeline").EnumerateArray()));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_sent_message_shows_its_status_status_text_and_timeline(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message());
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        var messageId = await hub.AddSentMessageAsync(1, "Here is the answer", DeliveryStatus.Sent);
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, messageId.ToString(CultureInfo.InvariantCulture), "read", "Seen on the phone"));

        var task = await api.GetJsonAsync("/api/tasks/1");

        var sent = task.GetProperty("messages")[1];
        Assert.Equal(messageId, sent.Number("id"));
        Assert.Equal("toContact", sent.Text("direction"));
        Assert.Equal("Here is the answer", sent.Text("text"));
        Assert.Equal("employee", sent.GetProperty("author").Text("kind"));
        Assert.Equal(TestData.OwnerEmail, sent.GetProperty("author").Text("email"));
        Assert.Equal("read", sent.Text("status"));
        Assert.Equal("Seen on the phone", sent.Text("statusText"));
        var timeline = sent.GetProperty("statusTimeline").EnumerateArray().ToArray();
        Assert.Equal(["sent", "read"], timeline.Select(s => s.Text("status")));
        Assert.Equal(["delivery", "provider"], timeline.Select(s => s.Text("source")));
        Assert.Equal([hub.Clock.Start.AddMinutes(1), hub.Clock.Start.AddMinutes(2)], timeline.Select(s => s.Time("at")));
        Assert.Equal([null, "Seen on the phone"], timeline.Select(s => s.Text("text")));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_task_opened_after_the_chats_completed_task_shows_the_earlier_conversation(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message(text: "My order is late"));
        await api.PostJsonAsync("/api/tasks/1/complete");

        await provider.SendOkAsync(TestData.Message(text: "It is late again"));

        var second = await api.GetJsonAsync("/api/tasks/2");
        Assert.Contains("My order is late", second.Text("description"), StringComparison.Ordinal);
        Assert.Equal(["It is late again"], second.GetProperty("messages").EnumerateArray().Select(m => m.Text("text")));
        Assert.Equal(["My order is late"], (await api.GetJsonAsync("/api/tasks/1")).GetProperty("messages").EnumerateArray().Select(m => m.Text("text")));
    }
}
