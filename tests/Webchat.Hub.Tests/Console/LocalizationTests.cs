using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

/// <summary>The console in Russian and English: from the browser's language, or the employee's own choice, which follows them.</summary>
public sealed partial class LocalizationTests(ConsoleBrowser browser)
{
    /// <summary>Words of the English console that no Russian page may show (labels, buttons, headings, states).</summary>
    private static readonly string[] EnglishWords =
    [
        "Inbox", "Contacts", "Settings", "Sign out", "Sign in", "Search", "Status", "Active", "Completed", "All", "Mine",
        "Unassigned", "unassigned", "Integration", "Channel", "Apply", "Reply", "Send", "Attach files", "Take", "Transfer",
        "Complete", "Reopen", "Contact", "Phone", "Assignee", "Fields", "Newer", "Older", "unread", "Save", "Language",
        "Employees", "Quick replies", "Deliveries", "Integrations", "Name", "Last name", "Delete", "Title", "Text", "Retry",
        "Attempts", "Written", "State", "Role", "Account", "Actions", "Administrator", "Operator", "Activate", "Deactivate",
        "Provider URL", "Owner", "Template fields", "New contact", "Message", "Edit contact", "yes", "no", "pending",
        "delivered", "failed", "Skip to content", "Task", "Conversation", "Sent", "Read", "Sending", "Add", "active", "completed",
        "Labels", "Label", "Reports", "Notes", "Note", "Private note", "Replies", "Show", "Totals", "New tasks", "Rename", "Day",
    ];

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_russian_browser_gets_every_page_in_russian_with_no_english_word_or_raw_key_left(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store, RussianEmployees);
        var task = await console.ContactWritesAsync("Здравствуйте, нужен котёл", name: "Иван", phone: "+79051234567", channel: "telegram");
        var reply = await console.Outbound.ReplyAsync(task, "Добрый день!", TestData.OwnerEmail);
        await console.Outbound.WaitForStateAsync(reply.Number("deliveryId"), "delivered");
        using (var api = console.Hub.Operator())
        {
            using var saved = await api.PostAsJsonAsync("/api/quick-replies", new { title = "Приветствие", text = "Здравствуйте!" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var page = await console.AnonymousPageAsync(locale: "ru-RU");
        await page.GotoAsync("/signin");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await ExpectRussianAsync(page);
        await page.Locator("#email").FillAsync(TestData.OwnerEmail);
        await page.Locator("#password").FillAsync(ConsoleHub.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Входящие", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator($"li[data-task='{task}']")).ToContainTextAsync("telegram");

        foreach (var path in new[] { "/", "/?status=all&who=unassigned", $"/tasks/{task}", "/contacts", "/contacts/1", "/contacts/new", "/account/settings",
                     "/admin/employees", "/admin/quick-replies", "/admin/labels", "/reports", "/admin/integrations", "/deliveries" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
            await ExpectRussianAsync(page);
        }

        // A form's notice comes back in Russian too.
        await page.GotoAsync($"/tasks/{task}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Взять" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Исполнитель назначен.");
        await Expect(page.Locator("[data-assignee]")).ToHaveTextAsync("Ольга Владимирова");
        await ExpectRussianAsync(page);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_employees_chosen_language_is_kept_on_their_account_and_follows_them_to_another_browser(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var page = await console.SignedInPageAsync(TestData.AgentEmail);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Language").SelectOptionAsync("ru");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Настройки сохранены.");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Входящие", Exact = true })).ToBeVisibleAsync();

        // Another English browser: once the agent signs in, the console is in their language.
        var other = await console.AnonymousPageAsync();
        await other.GotoAsync("/signin");
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await ConsoleHub.SignInAsync(other, TestData.AgentEmail, ConsoleHub.AgentPassword);
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Входящие", Exact = true })).ToBeVisibleAsync();

        // Back to the browser's language.
        await other.GotoAsync("/account/settings");
        await other.GetByLabel("Язык").SelectOptionAsync("");
        await other.GetByRole(AriaRole.Button, new() { Name = "Сохранить" }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your settings are saved.");
        await other.GotoAsync("/");
        await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true })).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_apis_problems_are_titled_in_the_callers_language(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var ct = TestContext.Current.CancellationToken;
        using var api = hub.Operator();
        foreach (var (language, title) in new[] { ("ru-RU,ru;q=0.9,en;q=0.8", "Нет такой задачи"), ("en-GB", "No such task"), ("", "No such task"), ("de-DE", "No such task") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/999999");
            if (language.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Accept-Language", language);
            }

            using var answer = await api.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(ct));
            Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        }

        // Refused before the request's language is settled (no key): still in the caller's language.
        using var anonymous = hub.CreateClient();
        using var noKey = new HttpRequestMessage(HttpMethod.Get, "/api/tasks/1");
        noKey.Headers.TryAddWithoutValidation("Accept-Language", "ru");
        using var refused = await anonymous.SendAsync(noKey, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var refusal = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(ct));
        Assert.Equal("Нужен ключ API", refusal.RootElement.GetProperty("title").GetString());
    }

    private static void RussianEmployees(Dictionary<string, string?> settings)
    {
        settings["Hub:Employees:0:Name"] = "Ольга";
        settings["Hub:Employees:0:LastName"] = "Владимирова";
        settings["Hub:Employees:1:Name"] = "Антон";
        settings["Hub:Employees:1:LastName"] = "Агеев";
    }

    /// <summary>The page's text, labels, placeholders and titles hold no English console word, no raw key and no unfilled placeholder.</summary>
    private static async Task ExpectRussianAsync(IPage page)
    {
        var text = await page.EvaluateAsync<string>("""
            () => [document.title, document.body.innerText,
                   ...[...document.querySelectorAll('[aria-label],[placeholder],[title]')]
                       .flatMap((e) => [e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title')])
                       .filter((v) => v)].join('\n')
            """);
        var english = EnglishWords.Where(word => Regex.IsMatch(text, $@"(?<![\p{{L}}:-]){Regex.Escape(word)}(?![\p{{L}}:-])")).ToList();
        Assert.True(english.Count == 0, $"{page.Url} shows English: {string.Join(", ", english)}\n{text}");
        Assert.DoesNotMatch(RawKey(), text);
    }

    // A context key ("Active|task status") or an unfilled placeholder.
    [GeneratedRegex(@"\|[a-z ]+\b|\{\d\}")]
    private static partial Regex RawKey();
}
