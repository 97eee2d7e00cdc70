using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class NotesLabelsReportsConsoleTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_private_note_shows_set_apart_live_for_another_employee_and_is_never_delivered(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Is the boiler in stock?");
        var agent = await console.SignedInPageAsync(TestData.AgentEmail);
        await agent.GotoAsync($"/tasks/{task}");
        await ConsoleHub.WaitUntilLiveAsync(agent);

        var owner = await console.SignedInPageAsync();
        await owner.GotoAsync($"/tasks/{task}");
        await owner.GetByLabel("Private note (employees only)").CheckAsync();
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeHiddenAsync();
        await owner.GetByLabel("Reply").FillAsync("Check the warehouse first");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();

        foreach (var page in new[] { owner, agent })
        {
            var note = page.Locator(".thread li.note");
            await Expect(note).ToContainTextAsync("Private note");
            await Expect(note).ToContainTextAsync("Check the warehouse first");
            await Expect(note).ToContainTextAsync("Olga Owner");
        }

        // The note and any delivery of it would commit together: with the note shown, there is none.
        Assert.Equal(0, (await console.Outbound.DeliveriesAsync()).Number("totalCount"));
        Assert.Empty(console.Receiver.Calls);

        // The switch is keyboard usable: back to the reply with the arrow keys.
        await owner.GetByLabel("Private note (employees only)").FocusAsync();
        await owner.Keyboard.PressAsync("ArrowLeft");
        await Expect(owner.GetByLabel("To the contact")).ToBeCheckedAsync();
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeVisibleAsync();
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Add note" })).ToBeHiddenAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Labels_are_added_on_the_task_page_shown_and_filtered_in_the_inbox_and_renamed_by_an_administrator(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var labelled = await console.ContactWritesAsync("Urgent: no heating", chatId: "chat-1", contactId: "c-1");
        var other = await console.ContactWritesAsync("Just a question", chatId: "chat-2", contactId: "c-2", name: "Petr");
        var page = await console.SignedInPageAsync(TestData.AgentEmail);
        await page.GotoAsync($"/tasks/{labelled}");
        await page.GetByLabel("Add a label").FillAsync("  СРОЧНО ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add label" }).ClickAsync();
        await Expect(page.Locator("[data-labels]")).ToContainTextAsync("срочно");

        await page.GotoAsync("/");
        await Expect(page.Locator($"li[data-task='{labelled}'] [data-label]")).ToHaveTextAsync("срочно");
        await page.GetByLabel("Label").SelectOptionAsync("срочно");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(1);
        await Expect(page.Locator($"li[data-task='{labelled}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"li[data-task='{other}']")).ToHaveCountAsync(0);

        // An administrator renames it everywhere; an operator cannot open that page.
        await page.GotoAsync("/admin/labels");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administrators only" })).ToBeVisibleAsync();
        var admin = await console.SignedInPageAsync();
        await admin.GotoAsync("/admin/labels");
        await admin.GetByLabel("New name").FillAsync("Urgent");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Rename срочно" }).ClickAsync();
        await Expect(admin.Locator("[role=status]")).ToContainTextAsync("'срочно' is now 'urgent'");
        await admin.GotoAsync($"/tasks/{labelled}");
        await Expect(admin.Locator("[data-labels] li")).ToHaveCountAsync(1);
        await Expect(admin.Locator("[data-labels]")).ToContainTextAsync("urgent");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Remove the label urgent" }).ClickAsync();
        await Expect(admin.Locator("[data-labels]")).ToHaveCountAsync(0);
        await Expect(admin.GetByText("No labels.")).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_reports_page_shows_the_periods_figures_and_charts_to_administrators_at_phone_width(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Hello", channel: "telegram");
        await console.Outbound.ReplyAsync(task, "Hi", TestData.AgentEmail);

        var day = console.Hub.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await console.SignedInPageAsync(width: 375, height: 812);
        await page.GotoAsync($"/reports?from={day}&to={day}");
        await Expect(page.Locator("[data-figure=newTasks]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure=messagesIn]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure=repliesOut]")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Messages a day" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "telegram" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 375 px");

        await page.GotoAsync("/reports?from=2026-02-30");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("from must be a day");

        var agent = await console.SignedInPageAsync(TestData.AgentEmail);
        await agent.GotoAsync("/reports");
        await Expect(agent.GetByRole(AriaRole.Heading, new() { Name = "Administrators only" })).ToBeVisibleAsync();
    }
}
