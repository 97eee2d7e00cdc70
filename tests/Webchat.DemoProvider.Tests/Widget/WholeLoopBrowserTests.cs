using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Webchat.DemoProvider.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.DemoProvider.Tests.Widget;

/// <summary>
/// The whole loop in Debian's Chromium, at 375 px: a visitor writes in the widget, the task appears in the
/// real hub, an employee's reply through the operator API appears in the open page without a reload, and
/// the hub shows the reply as read.
/// </summary>
public sealed class WholeLoopBrowserTests(Browser browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_visitors_message_becomes_a_task_and_the_employees_reply_appears_live_and_is_reported_read(StoreKind store)
    {
        var demoAddress = DemoHost.FreeAddress();
        await using var hub = await HubHost.StartAsync(store, s => s["Hub:Integrations:0:ProviderUrl"] = new Uri(demoAddress, "/planfix").ToString());
        await using var demo = await DemoHost.StartAsync(new Uri(hub.BaseAddress, "/webchat/api"), demoAddress);
        using var api = hub.Operator();
        await using var visitor = await browser.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(demo.BaseAddress.ToString());

        await page.GetByLabel("Name").FillAsync("Ivan Petrov");
        await page.GetByLabel("Email").FillAsync("ivan@example.com");
        await page.GetByLabel("Message").FillAsync("Здравствуйте! Do you deliver on Sundays?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var log = page.GetByRole(AriaRole.Log);
        await Assertions.Expect(log.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Do you deliver on Sundays?" })).ToHaveCountAsync(1);
        Assert.Equal(string.Empty, await page.GetByLabel("Message").InputValueAsync());

        // The task is in the hub, named by the first message's title, with the message and the visitor as its contact.
        var task = await api.GetJsonAsync("/api/tasks/1");
        Assert.Equal("Site chat with Ivan Petrov", task.Text("name"));
        Assert.Equal(("Ivan Petrov", "ivan@example.com"), (task.GetProperty("contact").Text("name"), task.GetProperty("contact").Text("email")));
        Assert.Equal("Здравствуйте! Do you deliver on Sundays?", task.GetProperty("messages")[0].Text("text"));

        using var reply = await api.PostAsJsonAsync("/api/tasks/1/messages", new
        {
            text = "Yes, every day. Here is the price list.",
            authorEmail = TestData.AgentEmail,
            attachments = new[] { new { name = "price.pdf", url = "https://example.com/price.pdf" } },
        }, Ct);
        var accepted = await reply.ReadJsonAsync(HttpStatusCode.Accepted);

        var answer = log.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Yes, every day." });
        await Assertions.Expect(answer).ToHaveCountAsync(1);
        await Assertions.Expect(answer).ToContainTextAsync("Anton Agent");
        Assert.Equal("https://example.com/price.pdf", await answer.GetByRole(AriaRole.Link, new() { Name = "price.pdf" }).GetAttributeAsync("href"));

        await Eventually.TrueAsync(async () => ReplyOf(await api.GetJsonAsync("/api/tasks/1"), accepted.Number("messageId")).Text("status") == "read", "the reply to be read");

        // The conversation survives a reload, and the form remembers who the visitor is.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#chat-log > li")).ToHaveCountAsync(2);
        Assert.Equal("Ivan Petrov", await page.GetByLabel("Name").InputValueAsync());

        // Readable at 375 px: nothing sticks out sideways.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task A_send_without_a_name_says_what_to_fix_next_to_the_field()
    {
        await using var fakeHub = await ProviderReceiver.StartAsync();
        await using var demo = await DemoHost.StartAsync(fakeHub.Url);
        await using var visitor = await browser.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(demo.BaseAddress.ToString());

        await page.GetByLabel("Message").FillAsync("Hello");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByText("Type your name")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Name")).ToBeFocusedAsync();
        Assert.Empty(fakeHub.Calls);
    }

    private static JsonElement ReplyOf(JsonElement task, long messageId) =>
        task.GetProperty("messages").EnumerateArray().Single(m => m.Number("id") == messageId);
}
