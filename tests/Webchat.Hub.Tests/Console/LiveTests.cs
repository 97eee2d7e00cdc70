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
