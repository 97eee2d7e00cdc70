using Webchat.Cli.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.Hub;

/// <summary>Each verb against the real hub on loopback: what it prints, and what the hub then holds.</summary>
public sealed class HubVerbTests
{
    [Theory, MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Send_opens_a_task_with_every_field_and_prints_its_numbers(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);

        var result = await Tool.RunAsync(hub.With("send",
            "--chat-id", "chat-1", "--contact-id", "visitor-1", "--message", "Здравствуйте, есть вопрос 👋",
            "--contact-name", "Иван", "--contact-last-name", "Иванов", "--contact-email", "ivan@example.com",
            "--contact-phone", "79051234567", "--contact-ico", "https://example.com/ivan.png", "--contact-data", "пришёл с сайта",
            "--title", "Заказ 15", "--channel", "site",
            "--attachment", "фото1.jpg=https://example.com/files/1.jpg?a=b", "--attachment", "price.pdf=https://example.com/price.pdf",
            "--data", "utm_source=google"));

        var answer = result.Json();
        Assert.Equal(1, answer.GetProperty("taskNumber").GetInt64());
        Assert.Equal(1, answer.GetProperty("contactNumber").GetInt64());
        var task = await hub.OperatorGetAsync("/api/tasks/1");
        Assert.Equal("Заказ 15", task.GetProperty("name").GetString());
        Assert.Equal("site", task.GetProperty("chat").GetProperty("channel").GetString());
        Assert.Equal("Иванов", task.GetProperty("contact").GetProperty("lastName").GetString());
        Assert.Equal("79051234567", task.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("google", task.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "utm_source").GetProperty("value").GetString());
        var message = task.GetProperty("messages").EnumerateArray().Single();
        Assert.Equal("Здравствуйте, есть вопрос 👋", message.GetProperty("text").GetString());
        Assert.Equal(
            ["фото1.jpg=https://example.com/files/1.jpg?a=b", "price.pdf=https://example.com/price.pdf"],
            message.GetProperty("attachments").EnumerateArray().Select(a => $"{a.GetProperty("name").GetString()}={a.GetProperty("url").GetString()}"));
    }

    [Fact]
    public async Task An_echo_is_stored_as_the_named_employees_message()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);

        var result = await Tool.RunAsync(hub.With("send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--contact-name", "Ivan",
            "--message", "Answered from my phone", "--echo", "--user-email", TestData.AgentEmail));

        Assert.True(result.ExitCode == 0, result.ToString());
        var message = (await hub.OperatorGetAsync("/api/tasks/1")).GetProperty("messages").EnumerateArray().Single();
        Assert.Equal("employee", message.GetProperty("author").GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal(TestData.AgentEmail, message.GetProperty("author").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Get_task_and_get_contact_print_the_hubs_numbers_and_exit_1_for_unknown_ones()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        Assert.Equal(0, (await Tool.RunAsync(hub.With("send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--message", "Hi"))).ExitCode);

        var task = (await Tool.RunAsync(hub.With("get-task", "--chat-id", "chat-1"))).Json();
        var contact = (await Tool.RunAsync(hub.With("get-contact", "--contact-id", "visitor-1"))).Json();
        var noTask = await Tool.RunAsync(hub.With("get-task", "--chat-id", "no-such-chat"));
        var noContact = await Tool.RunAsync(hub.With("get-contact", "--contact-id", "no-such-contact"));

        Assert.Equal(1, task.GetProperty("number").GetInt64());
        Assert.True(task.GetProperty("statusIsActive").GetBoolean());
        Assert.Equal(1, contact.GetProperty("number").GetInt64());
        Assert.Equal(1, noTask.ExitCode);
        Assert.Contains("task not found", noTask.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(noTask.Out);
        Assert.Equal(1, noContact.ExitCode);
        Assert.Contains("unknown contact", noContact.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Update_contact_changes_the_contacts_details()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        Assert.Equal(0, (await Tool.RunAsync(hub.With("send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--contact-name", "Иван", "--message", "Hi"))).ExitCode);

        var result = await Tool.RunAsync(hub.With("update-contact", "--contact-id", "visitor-1", "--name", "Пётр", "--last-name", "Петров", "--phone", "79050000000"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("{}", result.Out.Trim());
        var contact = (await hub.OperatorGetAsync("/api/tasks/1")).GetProperty("contact");
        Assert.Equal("Пётр", contact.GetProperty("name").GetString());
        Assert.Equal("Петров", contact.GetProperty("lastName").GetString());
        Assert.Equal("79050000000", contact.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Status_moves_the_ticks_of_a_message_the_hub_sent()
    {
        await using var provider = await ProviderReceiver.StartAsync();
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Integrations:0:ProviderUrl"] = provider.Url.ToString());
        Assert.Equal(0, (await Tool.RunAsync(hub.With("send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--message", "Hi"))).ExitCode);
        var messageId = await hub.ReplyAsync(1, "Hello! How can I help?");

        var result = await Tool.RunAsync(hub.With("status", "--message-id", messageId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--status", "read"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var reply = (await hub.OperatorGetAsync("/api/tasks/1")).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == messageId);
        Assert.Equal("read", reply.GetProperty("status").GetString(), ignoreCase: true);
    }
}
