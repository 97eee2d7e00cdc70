using Webchat.Hub.Messages;
using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary><c>newMessage</c>: every field of the spec's table is stored where it belongs.</summary>
public sealed class NewMessageTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_opens_a_task_and_a_contact_and_answers_their_numbers(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        var answer = (await provider.CallAsync(TestData.Message())).ShouldBeOk();

        Assert.Equal(1, answer.Number);
        Assert.Equal(1, answer.ContactNumber);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Every_field_of_a_first_message_is_stored_on_the_chat_the_task_the_contact_and_the_message(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var contact = new ContactDetails("57487124", "Иван", "Иванов", "https://superchat.io/avatars/183712.png", "ivan@ivanov.com", "79051234567", "came from the boiler ads");

        var answer = (await provider.CallAsync(new NewMessageCommand(
            TestData.ProviderId,
            "EFHASFN1239351",
            "Здравствуйте, есть вопрос",
            contact,
            Channel: "telegram-2",
            Title: "Question about boilers",
            Attachments: [new("фото1.jpg", "https://superchat.io/files/5444.jpg"), new("фото2.jpg", "https://superchat.io/files/5445.jpg")],
            TaskData: [new("utm_source", "yandex"), new("utm_medium", "cpc")]))).ShouldBeOk();

        answer.ShouldBeJson("""{"data":{"number":1,"contactNumber":1}}""");
        var stored = await hub.ContactAsync("57487124");
        Assert.Equal(1, stored.Number);
        Assert.Equal(("Иван", "Иванов", "https://superchat.io/avatars/183712.png", "ivan@ivanov.com", "79051234567", "came from the boiler ads"), (stored.Name, stored.LastName, stored.Ico, stored.Email, stored.Phone, stored.Data));
        var chat = await hub.ChatAsync("EFHASFN1239351");
        Assert.Equal("telegram-2", chat.Channel);
        var task = await hub.TaskAsync(1);
        Assert.Equal(chat.CurrentTaskId, task.Id);
        Assert.Equal("Question about boilers", task.Name);
        Assert.Equal(stored.Id, task.ContactId);
        Assert.Equal(ChatTaskStatus.Active, task.Status);
        Assert.Equal("came from the boiler ads", task.AdditionalDescription);
        Assert.Null(task.Description);
        Assert.Equal([("utm_medium", "cpc"), ("utm_source", "yandex")], task.Fields.Select(f => (f.Name, f.Value)).Order());
        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal("Здравствуйте, есть вопрос", message.Text);
        Assert.Equal(MessageDirection.FromContact, message.Direction);
        Assert.Equal(stored.Id, message.AuthorContactId);
        Assert.Null(message.AuthorEmployeeId);
        Assert.Equal(hub.Clock.GetUtcNow(), message.CreatedAt);
        Assert.Equal([("фото1.jpg", "https://superchat.io/files/5444.jpg"), ("фото2.jpg", "https://superchat.io/files/5445.jpg")], message.Attachments.Select(a => (a.Name, a.Url)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Without_a_title_the_task_is_named_after_the_contact(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        await provider.CallAsync(TestData.Message());

        Assert.Equal("Chat with Ivan Ivanov", (await hub.TaskAsync(1)).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_later_title_does_not_rename_the_task(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        await provider.CallAsync(TestData.Message() with { Title = "Order #15" });
        var answer = (await provider.CallAsync(TestData.Message(text: "And another thing") with { Title = "Order #15 — again" })).ShouldBeOk();

        Assert.Equal(1, answer.Number);
        Assert.Equal("Order #15", (await hub.TaskAsync(1)).Name);
        Assert.Single(await hub.TasksAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Later_messages_refresh_the_contact_details_they_carry_and_keep_the_others(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message() with { Contact = new("contact-1", "Ivan", "Ivanov", "https://example.com/old.png", "ivan@old.example", "111") });

        hub.Clock.Advance(TimeSpan.FromMinutes(5));
        await provider.CallAsync(TestData.Message(text: "I moved") with { Contact = new("contact-1", "Ivan", "Petrov", Email: "ivan@new.example", Phone: "222") });

        var contact = await hub.ContactAsync("contact-1");
        Assert.Equal(("Ivan", "Petrov", "https://example.com/old.png", "ivan@new.example", "222"), (contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone));
        Assert.Equal(1, contact.Number);
        Assert.Equal(hub.Clock.GetUtcNow(), contact.UpdatedAt);
        Assert.Single(await hub.ContactsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_later_channel_replaces_the_chats_channel_and_a_message_without_one_keeps_it(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        await provider.CallAsync(TestData.Message() with { Channel = "whatsapp" });
        await provider.CallAsync(TestData.Message(text: "no channel this time"));
        Assert.Equal("whatsapp", (await hub.ChatAsync("chat-1")).Channel);

        await provider.CallAsync(TestData.Message(text: "moved to telegram") with { Channel = "telegram" });
        Assert.Equal("telegram", (await hub.ChatAsync("chat-1")).Channel);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Messages_are_kept_in_arrival_order_with_the_time_each_was_received(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var received = new List<DateTimeOffset>();

        foreach (var text in new[] { "first", "second", "third" })
        {
            received.Add(hub.Clock.GetUtcNow());
            (await provider.CallAsync(TestData.Message(text: text))).ShouldBeOk();
            hub.Clock.Advance(TimeSpan.FromMinutes(3));
        }

        var messages = await hub.MessagesAsync(1);
        Assert.Equal(["first", "second", "third"], messages.Select(m => m.Text));
        Assert.Equal(received, messages.Select(m => m.CreatedAt));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Attachments_pair_up_by_position_when_all_names_come_before_all_urls(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        // Go's url.Values.Encode sorts the keys: every name, then every url.
        (await provider.CallAsync(ProviderForm.Of(TestData.Message())
            .Add("attachments[name]", "a.png").Add("attachments[name]", "b.pdf").Add("attachments[name]", "c.txt")
            .Add("attachments[url]", "https://files.example/a").Add("attachments[url]", "https://files.example/b").Add("attachments[url]", "https://files.example/c"))).ShouldBeOk();

        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal(
            [("a.png", "https://files.example/a"), ("b.pdf", "https://files.example/b"), ("c.txt", "https://files.example/c")],
            message.Attachments.Select(a => (a.Name, a.Url)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Attachments_in_PHPs_indexed_form_are_kept_in_index_order(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(ProviderForm.Of(TestData.Message())
            .Add("attachments[1][url]", "https://files.example/second").Add("attachments[0][name]", "first.jpg")
            .Add("attachments[1][name]", "second.jpg").Add("attachments[0][url]", "https://files.example/first"))).ShouldBeOk();

        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal([("first.jpg", "https://files.example/first"), ("second.jpg", "https://files.example/second")], message.Attachments.Select(a => (a.Name, a.Url)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_message_of_attachments_only_is_accepted_with_empty_text(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(ProviderForm.Of(TestData.Message()).Remove("message")
            .Add("attachments[name]", "scan.pdf").Add("attachments[url]", "https://files.example/scan"))).ShouldBeOk();

        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal(string.Empty, message.Text);
        Assert.Equal("scan.pdf", Assert.Single(message.Attachments).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_message_without_contactName_is_accepted_and_its_contact_is_named_after_its_id_until_a_name_arrives(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        // What a public lead-capture client sends: chatId, contactId, title and message.
        (await provider.CallAsync(ProviderForm.Fields(
            ("cmd", "newMessage"), ("providerId", TestData.ProviderId), ("planfix_token", TestData.Token),
            ("chatId", "lead-7"), ("contactId", "visitor-42"), ("title", "Lead from the landing page"), ("message", "Call me back")))).ShouldBeOk();
        (await provider.CallAsync(ProviderForm.Of(TestData.Message("lead-8", "visitor-43")).Remove("contactName").Remove("contactLastName"))).ShouldBeOk();

        Assert.Equal("visitor-42", (await hub.ContactAsync("visitor-42")).Name);
        Assert.Equal("Lead from the landing page", (await hub.TaskAsync(1)).Name);
        Assert.Equal("Chat with visitor-43", (await hub.TaskAsync(2)).Name);

        await provider.CallAsync(TestData.Message(chatId: "lead-7", contactId: "visitor-42", text: "I am Ivan"));
        Assert.Equal("Ivan", (await hub.ContactAsync("visitor-42")).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ContactData_is_kept_as_the_tasks_additional_description(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        await provider.CallAsync(TestData.Message() with { Contact = new("contact-1", "Ivan", Data: "Asked about gas boilers, budget 50k") });

        Assert.Equal("Asked about gas boilers, budget 50k", (await hub.TaskAsync(1)).AdditionalDescription);
        Assert.Equal("Asked about gas boilers, budget 50k", (await hub.ContactAsync("contact-1")).Data);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Data_fields_fill_the_template_fields_of_that_exact_name_and_a_later_value_replaces_the_earlier(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        await provider.CallAsync(TestData.Message() with { TaskData = [new("utm_source", "google")] });
        await provider.CallAsync(TestData.Message(text: "later") with { TaskData = [new("utm_source", "yandex"), new("utm_medium", "email")] });

        var task = await hub.TaskAsync(1);
        Assert.Equal([("utm_medium", "email"), ("utm_source", "yandex")], task.Fields.Select(f => (f.Name, f.Value)).Order());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_data_field_the_template_lacks_is_ignored_and_logged_not_an_error(StoreKind store)
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(store, customize: logs.AddTo);
        using var provider = hub.Provider();

        // Field names are exact: UTM_SOURCE is not utm_source.
        (await provider.CallAsync(TestData.Message() with { TaskData = [new("utm_campaign", "winter"), new("UTM_SOURCE", "x"), new("utm_source", "google")] })).ShouldBeOk();

        Assert.Equal([("utm_source", "google")], (await hub.TaskAsync(1)).Fields.Select(f => (f.Name, f.Value)));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("data_utm_campaign", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("data_UTM_SOURCE", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Unknown_extra_fields_are_ignored(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(ProviderForm.Of(TestData.Message())
            .Add("integration", "superchat-widget").Add("utm", "x").Add("contact[extra]", "y").Add("data_", "nameless"))).ShouldBeOk();

        Assert.Equal("Hello, I have a question", Assert.Single(await hub.MessagesAsync(1)).Text);
        Assert.Empty((await hub.TaskAsync(1)).Fields);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_multipart_form_is_read_like_an_url_encoded_one(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        using var content = ProviderForm.Of(TestData.Message(text: "Привет из PHP") with { Title = "From curl" })
            .Add("attachments[0][name]", "photo.jpg").Add("attachments[0][url]", "https://files.example/photo").ToMultipart();
        (await provider.CallAsync(content)).ShouldBeOk().ShouldBeJson("""{"data":{"number":1,"contactNumber":1}}""");

        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal("Привет из PHP", message.Text);
        Assert.Equal(("photo.jpg", "https://files.example/photo"), (message.Attachments[0].Name, message.Attachments[0].Url));
        Assert.Equal("From curl", (await hub.TaskAsync(1)).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Task_and_contact_numbers_are_sequential_across_chats_and_integrations(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);

        var first = (await provider.CallAsync(TestData.Message("chat-a", "contact-a"))).ShouldBeOk();
        var second = (await provider.CallAsync(TestData.Message("chat-b", "contact-a"))).ShouldBeOk();
        var third = (await other.CallAsync(TestData.Message("chat-a", "contact-a") with { ProviderId = TestData.OtherProviderId })).ShouldBeOk();
        var again = (await provider.CallAsync(TestData.Message("chat-a", "contact-b"))).ShouldBeOk();

        Assert.Equal([(1L, 1L), (2L, 1L), (3L, 2L), (1L, 3L)], new[] { first, second, third, again }.Select(a => (a.Number, a.ContactNumber)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Numbers_start_where_configured(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, settings =>
        {
            settings["Hub:Numbering:FirstTaskNumber"] = "1014";
            settings["Hub:Numbering:FirstContactNumber"] = "1058";
        });
        using var provider = hub.Provider();

        (await provider.CallAsync(TestData.Message())).ShouldBeOk().ShouldBeJson("""{"data":{"number":1014,"contactNumber":1058}}""");
        (await provider.CallAsync(TestData.Message("chat-2", "contact-2"))).ShouldBeOk().ShouldBeJson("""{"data":{"number":1015,"contactNumber":1059}}""");
    }
}
