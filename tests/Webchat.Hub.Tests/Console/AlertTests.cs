using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

/// <summary>
/// Browser notifications, their sound and the unread count in the tab's title. The page's Notification
/// and AudioContext are wrapped (an init script) so the test sees each one the console makes.
/// </summary>
public sealed class AlertTests(ConsoleBrowser browser)
{
    private const string Recorder = """
        window.__notes = [];
        window.__sounds = 0;
        const RealNotification = window.Notification;
        function RecordedNotification(title, options) {
          window.__notes.push({ title, body: options && options.body });
          this.close = () => {};
        }
        Object.defineProperty(RecordedNotification, 'permission', { get: () => RealNotification.permission });
        RecordedNotification.requestPermission = (...args) => RealNotification.requestPermission(...args);
        window.Notification = RecordedNotification;
        const RealAudio = window.AudioContext;
        window.AudioContext = class extends RealAudio {
          constructor(...args) { super(...args); window.__sounds += 1; }
        };
        """;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task New_chats_and_messages_in_my_and_unassigned_tasks_notify_with_a_sound_and_count_in_the_title_but_not_in_the_open_task(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var page = await console.AnonymousPageAsync(permissions: ["notifications"]);
        await page.Context.AddInitScriptAsync(Recorder);
        await page.GotoAsync("/signin");
        await ConsoleHub.SignInAsync(page, TestData.OwnerEmail, ConsoleHub.OwnerPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true })).ToBeVisibleAsync();

        // Off until the employee opts in: a new chat counts in the title, but nothing pops up.
        await ReadyAsync(page);
        var first = await console.ContactWritesAsync("Is the shop open?", chatId: "chat-1", contactId: "c-1", name: "Pyotr");
        await Expect(page).ToHaveTitleAsync("(1) Inbox · Webchat");
        Assert.Equal(0, await page.EvaluateAsync<int>("window.__notes.length"));

        await page.GotoAsync("/account/settings");
        await page.GetByLabel("Show a browser notification").CheckAsync();
        await page.GetByLabel("Play a short sound").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your settings are saved.");
        await Expect(page.GetByLabel("Show a browser notification")).ToBeCheckedAsync();

        await page.GotoAsync("/");
        await ReadyAsync(page);
        await Expect(page).ToHaveTitleAsync("(1) Inbox · Webchat");

        // A new chat, unassigned: a notification with the contact and the text, a sound, the count.
        var second = await console.ContactWritesAsync("Where is my parcel?", chatId: "chat-2", contactId: "c-2", name: "Maria");
        await Expect(page).ToHaveTitleAsync("(2) Inbox · Webchat");
        Assert.Equal([("Maria Ivanov", "Where is my parcel?")], await NotesAsync(page));

        // A task the agent works on is theirs: its message is no notification of mine.
        using (var api = console.Hub.Operator())
        {
            using var assigned = await api.PutAsJsonAsync($"/api/tasks/{second}/assignee", new { employeeEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }

        await Expect(page).ToHaveTitleAsync("(1) Inbox · Webchat");
        await console.ContactWritesAsync("Hello? Anyone?", chatId: "chat-2", contactId: "c-2", name: "Maria");
        await console.ContactWritesAsync("And on Sunday?", chatId: "chat-1", contactId: "c-1", name: "Pyotr");
        await Expect(page).ToHaveTitleAsync("(2) Inbox · Webchat");
        Assert.Equal([("Maria Ivanov", "Where is my parcel?"), ("Pyotr Ivanov", "And on Sunday?")], await NotesAsync(page));
        Assert.Equal(2, await page.EvaluateAsync<int>("window.__sounds"));

        // The task open in the visible tab: its new message neither notifies nor counts; another chat's does.
        await page.GotoAsync($"/tasks/{first}");
        await ReadyAsync(page);
        var title = await page.TitleAsync();
        Assert.StartsWith($"#{first} ", title, StringComparison.Ordinal);
        await console.ContactWritesAsync("Hello again", chatId: "chat-1", contactId: "c-1", name: "Pyotr");
        await Expect(page.Locator(".thread [data-message-id]")).ToHaveCountAsync(3);
        await console.ContactWritesAsync("Good morning", chatId: "chat-3", contactId: "c-3", name: "Olga");
        await Expect(page).ToHaveTitleAsync($"(1) {title}");
        Assert.Equal([("Olga Ivanov", "Good morning")], await NotesAsync(page));
    }

    /// <summary>The page hears the live feed and has counted what is unread once: what happens next is news to it.</summary>
    private static async Task ReadyAsync(IPage page)
    {
        await ConsoleHub.WaitUntilLiveAsync(page);
        await Expect(page.Locator("#console-me[data-unread]")).ToHaveCountAsync(1);
    }

    private static async Task<List<(string Title, string Body)>> NotesAsync(IPage page)
    {
        var notes = await page.EvaluateAsync<JsonElement>("window.__notes");
        return [.. notes.EnumerateArray().Select(n => (n.GetProperty("title").GetString()!, n.GetProperty("body").GetString()!))];
    }
}
