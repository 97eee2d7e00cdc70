using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class InboxOrderTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_inbox_follows_the_newest_message_when_an_older_task_gets_a_new_message_or_a_reply(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var first = await console.ContactWritesAsync("First question", chatId: "chat-1", contactId: "c-1");
        var second = await console.ContactWritesAsync("Second question", chatId: "chat-2", contactId: "c-2");
        var third = await console.ContactWritesAsync("Third question", chatId: "chat-3", contactId: "c-3");
        var page = await console.SignedInPageAsync();

        await ExpectOrderAsync(page, [third, second, first]);

        // The oldest task's contact writes again through /webchat/api: it goes to the top, with its new text.
        await console.ContactWritesAsync("First, once more", chatId: "chat-1", contactId: "c-1");
        await ExpectOrderAsync(page, [first, third, second]);
        await Expect(page.Locator($"li[data-task='{first}']")).ToContainTextAsync("First, once more");

        // An operator's reply is activity too.
        await page.GotoAsync($"/tasks/{second}");
        await ConsoleHub.WaitUntilLiveAsync(page);
        await page.GetByLabel("Reply").FillAsync("Answer to the second");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByText("Answer to the second")).ToBeVisibleAsync();
        await ExpectOrderAsync(page, [second, first, third]);
        await Expect(page.Locator($"li[data-task='{second}']")).ToContainTextAsync("Answer to the second");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Tasks_stored_before_the_column_existed_get_their_newest_message_on_upgrade(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using (var provider = hub.Provider())
        {
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "One", new ContactDetails("c-1", "Ivan")));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-2", "Two", new ContactDetails("c-2", "Ivan")));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "Three", new ContactDetails("c-1", "Ivan")));
        }

        await hub.StopAsync();
        await using (var db = hub.Store.OpenContext())
        {
            // Back to the schema before the column, with the rows kept: the hub brings it up again on start.
            await db.GetService<IMigrator>().MigrateAsync("ScaleDeliveryLeases", cancellationToken: TestContext.Current.CancellationToken);
        }

        await hub.StartAsync();
        var lasts = await hub.ReadAsync(db => db.Tasks.ToDictionaryAsync(t => t.Id, t => t.LastMessageId, TestContext.Current.CancellationToken));
        var newest = await hub.ReadAsync(db => db.Messages.GroupBy(m => m.TaskId)
            .Select(g => new { TaskId = g.Key, Last = g.Max(m => m.Id) })
            .ToDictionaryAsync(g => g.TaskId, g => g.Last, TestContext.Current.CancellationToken));
        Assert.Equal(2, lasts.Count);
        Assert.Equal(newest, lasts);
    }

    /// <summary>Opens the inbox until it lists exactly <paramref name="numbers"/>, in that order.</summary>
    private static async Task ExpectOrderAsync(IPage page, long[] numbers)
    {
        var expected = string.Join(",", numbers);
        var seen = "";
        await Eventually.TrueAsync(
            async () =>
            {
                await page.GotoAsync("/");
                await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(numbers.Length);
                seen = string.Join(",", await page.Locator("li[data-task]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.task)"));
                return seen == expected;
            },
            () => $"the inbox to list {expected}, it lists {seen}");
    }
}
