using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Webchat.Cli.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.Listen;

/// <summary><c>webchat listen</c> as the provider of a real hub: it prints what the hub sends and answers as the protocol says.</summary>
public sealed partial class ListenTests
{
    [Fact]
    public async Task Listen_prints_an_employees_reply_and_the_hub_records_it_delivered()
    {
        await using var listener = await Listener.StartAsync();
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Integrations:0:ProviderUrl"] = listener.Url.ToString());
        Assert.Equal(0, (await Tool.RunAsync(hub.With("send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--message", "Hi"))).ExitCode);

        var messageId = await hub.ReplyAsync(1, "Здравствуйте! Чем помочь? 🙂");

        var printed = await listener.Run.WaitForAsync(new Regex($@"newMessage {messageId} in chat chat-1 from Anton Agent\n  Здравствуйте! Чем помочь\? 🙂\n"));
        Assert.True(printed.Success);
        await Eventually.TrueAsync(
            async () => Message(await hub.OperatorGetAsync("/api/tasks/1"), messageId).GetProperty("status").GetString() is "sent" or "Sent",
            "the hub to record the reply as delivered");
    }

    [Fact]
    public async Task Listen_opens_a_chat_with_fresh_ids_for_a_first_message_and_the_hub_links_the_task_to_it()
    {
        await using var listener = await Listener.StartAsync();
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings =>
        {
            settings["Hub:Integrations:0:ProviderUrl"] = listener.Url.ToString();
            settings["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true";
        });
        // A contact with a phone and no chat yet.
        Assert.Equal(0, (await Tool.RunAsync(hub.With("update-contact", "--contact-id", "visitor-2", "--name", "Пётр", "--phone", "79051234567"))).ExitCode);
        var contactNumber = (await Tool.RunAsync(hub.With("get-contact", "--contact-id", "visitor-2"))).Json().GetProperty("number").GetInt64();

        using var client = hub.Operator();
        using var response = await client.PostAsJsonAsync($"/api/contacts/{contactNumber}/messages", new { text = "Your order is ready", authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var taskNumber = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("taskNumber").GetInt64();

        var opened = await listener.Run.WaitForAsync(OpenedLine());
        var chatId = opened.Groups["chat"].Value;
        await Eventually.TrueAsync(
            async () => (await hub.OperatorGetAsync($"/api/tasks/{taskNumber}")).GetProperty("chat") is { ValueKind: JsonValueKind.Object } chat
                && chat.GetProperty("chatId").GetString() == chatId,
            "the hub to link the task to the chat listen opened");

        // The contact's answer in that chat lands in the same task.
        var answer = await Tool.RunAsync(hub.With("send", "--chat-id", chatId, "--contact-id", opened.Groups["contact"].Value, "--message", "Thanks!"));
        Assert.Equal(taskNumber, answer.Json().GetProperty("taskNumber").GetInt64());
    }

    [Fact]
    public async Task Check_provider_passes_against_listen()
    {
        await using var listener = await Listener.StartAsync();

        var result = await Tool.RunAsync("check-provider", listener.Url.ToString(), "--token", TestData.ProviderToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASSED: 6 of 6 required checks passed", result.Out, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", listener.Url.Host); // loopback unless --bind says otherwise
        // Every call the checker made with the right token was printed; the refused ones were not.
        Assert.Contains("Здравствуйте! Ваш заказ готов 👍🏽", listener.Run.Out, StringComparison.Ordinal);
        Assert.Contains("  attachment: счёт №1.pdf <https://example.com/files/invoice-1.pdf>", listener.Run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("a wrong token", listener.Run.Out, StringComparison.Ordinal);
        // The two refused calls (a wrong token, no token) are printed as refused, with the fix.
        Assert.Equal(2, Regex.Count(listener.Run.Out, "refused POST /planfix: 401, its token is not --token"));
    }

    [Fact]
    public async Task Listen_refuses_a_port_that_is_taken_with_exit_1()
    {
        await using var listener = await Listener.StartAsync();

        var result = await Tool.RunAsync("listen", "--port", listener.Url.Port.ToString(CultureInfo.InvariantCulture), "--token", TestData.ProviderToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot listen on 127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("--port", result.Error, StringComparison.Ordinal);
    }

    private static JsonElement Message(JsonElement task, long id) =>
        task.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == id);

    [GeneratedRegex(@"\(first message\) to phone 79051234567: opened chat (?<chat>listen-chat-\w+), contact (?<contact>listen-contact-\w+) from Anton Agent\n  Your order is ready\n")]
    private static partial Regex OpenedLine();
}
