using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class LiveTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_providers_new_message_appears_without_reloading_in_an_open_inbox_and_in_an_open_task(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var inbox = await console.SignedInPageAsync();
        await ConsoleHub.WaitUntilLiveAsync(inbox);
        await Expect(inbox.GetByText("No tasks match these filters.")).ToBeVisibleAsync();

        // A new chat: its task appears in the open inbox, with the contact, the excerpt and one unread.
        var task = await console.ContactWritesAsync("My boiler makes a noise", channel: "telegram");
        var row = inbox.Locator($"li[data-task='{task}']");
        await Expect(row).ToContainTextAsync("Ivan Ivanov");
        await Expect(row).ToContainTextAsync("My boiler makes a noise");
        await Expect(row).ToContainTextAsync("telegram");
        await Expect(row.GetByLabel("1 unread")).ToBeVisibleAsync();

        // The task, open in another page of the same employee, takes the next message live too.
        var taskPage = await inbox.Context.NewPageAsync();
        await taskPage.GotoAsync($"/tasks/{task}");
        await ConsoleHub.WaitUntilLiveAsync(taskPage);
        await Expect(taskPage.Locator(".thread [data-message-id]")).ToHaveCountAsync(1);
        await console.ContactWritesAsync("It started yesterday");
        var second = taskPage.Locator(".thread [data-message-id]").Nth(1);
        await Expect(second).ToContainTextAsync("It started yesterday");
        await Expect(second).ToContainTextAsync("Ivan Ivanov");

        // The inbox shows the newest message; the open task has read it, so nothing is unread.
        await Expect(row).ToContainTextAsync("It started yesterday");
        await Expect(inbox.Locator($"li[data-task='{task}'] .count")).ToHaveCountAsync(0);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_open_inbox_refreshes_while_events_keep_coming_and_shows_all_of_them(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var inbox = await console.SignedInPageAsync();

        // The page's clock is the test's: time passes only when the test says, so "events keep coming"
        // means one more event before the page's refresh delay is over. The page's events are counted.
        await inbox.Clock.InstallAsync();
        await inbox.AddInitScriptAsync("""
            window.liveEvents = 0;
            const Source = window.EventSource;
            window.EventSource = class extends Source {
              constructor(...args) {
                super(...args);
                this.addEventListener('message', () => { window.liveEvents += 1; });
              }
            };
            """);
        await inbox.ReloadAsync();
        await Expect(inbox.Locator("[data-live-version='1']")).ToHaveCountAsync(1);
        // A moment well ahead of the page's clock, which runs on until paused: on a busy machine 10 ms were
        // already past by the time the pause ran ("Cannot fast-forward to the past").
        await inbox.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds((long)await inbox.EvaluateAsync<double>("Date.now()") + 2000).UtcDateTime);

        var events = await EventsAsync(inbox);
        var first = await console.ContactWritesAsync("First of a burst", chatId: "chat-1", contactId: "c-1");
        events = await WaitForEventAfterAsync(inbox, events);
        await inbox.Clock.RunForAsync(30);
        var second = await console.ContactWritesAsync("Second of a burst", chatId: "chat-2", contactId: "c-2");
        await WaitForEventAfterAsync(inbox, events);
        await inbox.Clock.RunForAsync(30);

        // 60 ms after the first event, 30 after the second: the page has refreshed once and shows both.
        await Expect(inbox.Locator($"li[data-task='{first}']")).ToContainTextAsync("First of a burst");
        await Expect(inbox.Locator($"li[data-task='{second}']")).ToContainTextAsync("Second of a burst");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Reading_a_task_refreshes_only_the_readers_own_pages(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Anyone there?");
        var owner = await console.SignedInPageAsync();
        var agent = await console.SignedInPageAsync(TestData.AgentEmail);
        await ConsoleHub.WaitUntilLiveAsync(owner);
        await ConsoleHub.WaitUntilLiveAsync(agent);
        await Expect(owner.Locator("[data-live-version='1']")).ToHaveCountAsync(1);
        await Expect(agent.Locator("[data-live-version='1']")).ToHaveCountAsync(1);

        // The agent opens the task: the agent's inbox drops its unread count; the owner's inbox is not refetched.
        var agentTask = await agent.Context.NewPageAsync();
        await agentTask.GotoAsync($"/tasks/{task}");
        await Expect(agent.Locator($"li[data-task='{task}'] .count")).ToHaveCountAsync(0);
        await Expect(owner.Locator($"li[data-task='{task}']").GetByLabel("1 unread")).ToBeVisibleAsync();

        // A change for everyone reaches the owner after the read: had the read been sent to the owner, it would have refreshed twice.
        await console.ContactWritesAsync("Hello?");
        await Expect(owner.Locator($"li[data-task='{task}']").GetByLabel("2 unread")).ToBeVisibleAsync();
        Assert.Equal("2", await owner.Locator("[data-live-scope]").GetAttributeAsync("data-live-version"));
    }

    private static Task<int> EventsAsync(IPage page) => page.EvaluateAsync<int>("window.liveEvents");

    /// <summary>Waits until the page has had more than <paramref name="seen"/> events (asked from here: the page's own timers are paused).</summary>
    private static async Task<int> WaitForEventAfterAsync(IPage page, int seen)
    {
        var now = seen;
        await Eventually.TrueAsync(async () => (now = await EventsAsync(page)) > seen, () => $"an event after the {seen} the page had");
        return now;
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_inbox_search_finds_a_task_by_a_cyrillic_word_of_its_messages(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var boilers = await console.ContactWritesAsync("Интересуют газовые котлы", chatId: "chat-1", contactId: "c-1", name: "Пётр");
        var other = await console.ContactWritesAsync("Where is my parcel?", chatId: "chat-2", contactId: "c-2", name: "Maria");
        var page = await console.SignedInPageAsync();
        await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(2);

        await page.GetByLabel("Search").FillAsync("КОТЛЫ");
        await page.GetByLabel("Search").PressAsync("Enter");
        await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(1);
        await Expect(page.Locator($"li[data-task='{boilers}']")).ToContainTextAsync("Пётр Ivanov");
        await Expect(page.Locator($"li[data-task='{other}']")).ToHaveCountAsync(0);
    }
}
