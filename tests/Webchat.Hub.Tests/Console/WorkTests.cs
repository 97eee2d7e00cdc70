using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class WorkTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_employee_takes_a_task_the_mine_filter_shows_it_and_a_transfer_moves_it(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var first = await console.ContactWritesAsync("First", chatId: "chat-1", contactId: "c-1");
        var second = await console.ContactWritesAsync("Second", chatId: "chat-2", contactId: "c-2");
        var agent = await console.SignedInPageAsync(TestData.AgentEmail);

        await agent.GotoAsync($"/tasks/{first}");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Take" }).ClickAsync();
        await Expect(agent.Locator("[data-assignee]")).ToHaveTextAsync("Anton Agent");

        await agent.GotoAsync("/");
        await agent.GetByLabel("Assigned").SelectOptionAsync("mine");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(agent.Locator("li[data-task]")).ToHaveCountAsync(1);
        await Expect(agent.Locator($"li[data-task='{first}']")).ToContainTextAsync("assigned to Anton Agent");
        await agent.GetByLabel("Assigned").SelectOptionAsync("unassigned");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(agent.Locator("li[data-task]")).ToHaveCountAsync(1);
        await Expect(agent.Locator($"li[data-task='{second}']")).ToBeVisibleAsync();

        // Transferred to the owner, it leaves the agent's "mine" and joins the owner's.
        await agent.GotoAsync($"/tasks/{first}");
        await ConsoleHub.WaitUntilLiveAsync(agent);
        await agent.GetByLabel("Transfer to").SelectOptionAsync(new SelectOptionValue { Label = "Olga Owner" });
        await agent.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(agent.Locator("[data-assignee]")).ToHaveTextAsync("Olga Owner");
        await agent.GotoAsync("/?who=mine");
        await Expect(agent.Locator("li[data-task]")).ToHaveCountAsync(0);
        var owner = await console.SignedInPageAsync();
        await owner.GotoAsync("/?who=mine");
        await Expect(owner.Locator($"li[data-task='{first}']")).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Complete_and_reopen_change_the_task_and_move_it_between_the_status_filters(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Thanks, that is all");
        var page = await console.SignedInPageAsync();
        await page.GotoAsync($"/tasks/{task}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Expect(page.Locator("[data-task-status]")).ToHaveTextAsync("Completed");
        Assert.Equal(Webchat.Hub.Tasks.ChatTaskStatus.Completed, (await console.Hub.TaskAsync(task)).Status);

        await page.GotoAsync("/");
        await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(0);
        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator($"li[data-task='{task}']")).ToBeVisibleAsync();

        await page.GotoAsync($"/tasks/{task}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reopen" }).ClickAsync();
        await Expect(page.Locator("[data-task-status]")).ToHaveTextAsync("Active");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_contact_created_by_hand_can_be_edited_and_Write_sends_the_protocols_first_message(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store, settings =>
            settings["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true");
        console.Receiver.Answer(_ => ReceiverAnswer.Opened("chat-opened", "c-9"));
        var page = await console.SignedInPageAsync(TestData.AgentEmail);
        await page.GotoAsync("/contacts");
        await page.GetByRole(AriaRole.Link, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("Integration").SelectOptionAsync(TestData.ProviderId);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Лена");
        await page.GetByLabel("Last name").FillAsync("Petrova");
        await page.GetByLabel("Phone").FillAsync("+79990001122");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add contact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Лена Petrova" })).ToBeVisibleAsync();

        // Edited on its card.
        await page.GetByLabel("E-mail").FillAsync("lena@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("saved");
        Assert.Equal("lena@example.com", (await console.Hub.ContactsAsync()).Single().Email);

        await page.GetByLabel("Message").FillAsync("Your order is ready");
        await page.GetByRole(AriaRole.Button, new() { Name = "Write" }).ClickAsync();

        // The employee lands in the task the first message opened, and the provider gets the phone.
        await Expect(page.Locator(".thread [data-status]")).ToContainTextAsync("Your order is ready");
        await Eventually.TrueAsync(() => console.Receiver.Accepted.Count == 1, "the first message to reach the provider");
        var call = console.Receiver.Accepted[0];
        Assert.Equal("+79990001122", call.Form["contactPhone"]);
        Assert.Equal("Your order is ready", call.Form["message"]);
        Assert.Equal("Anton", call.Form["userName"]);
        Assert.Null(call.Form["chatId"]);

        // The contact has a chat now: no second first message.
        await Expect(page.Locator(".thread [data-status]")).ToHaveAttributeAsync("data-status", "sent");
        await page.GotoAsync("/contacts?q=Лена");
        await page.GetByRole(AriaRole.Link, new() { Name = "Лена Petrova" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Лена Petrova" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Write" })).ToHaveCountAsync(0);
    }
}
