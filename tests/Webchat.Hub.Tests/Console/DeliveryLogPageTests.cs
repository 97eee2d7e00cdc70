using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Webchat.Hub.Delivery;
using Webchat.Hub.Messages;
using Webchat.Hub.Operators;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

/// <summary>
/// The delivery log past the counted thousand: its caption says "more than", and its "Older" link, by keyboard,
/// still leads to the oldest deliveries, on a desktop and a phone, in English and Russian.
/// </summary>
public sealed class DeliveryLogPageTests(ConsoleBrowser browser)
{
    private const int PageSize = 50;

    // A full page past the counted thousand: the pager must know there is nothing after it (it had offered
    // an "Older" link to an empty page whenever the last page was full).
    private const int Oldest = PageSize;
    private const int Stored = PageRequest.MaxCounted + Oldest;

    /// <summary>The counted rows as the page writes them in <paramref name="culture"/>: "1,000", "1 000".</summary>
    private static string Counted(string culture) => PageRequest.MaxCounted.ToString("N0", CultureInfo.GetCultureInfo(culture));

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_capped_log_says_more_than_a_thousand_and_its_older_link_leads_by_keyboard_to_the_oldest(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var seeded = await SeedAsync(console);
        var page = await console.SignedInPageAsync();
        await page.GotoAsync("/deliveries");

        await Expect(page.Locator("table caption")).ToHaveTextAsync($"Deliveries: more than {Counted("en-GB")}, newest first");
        var rows = page.Locator("tr[data-delivery]");
        await Expect(rows).ToHaveCountAsync(PageSize);
        await Expect(rows.First).ToHaveAttributeAsync("data-delivery", seeded.Newest.ToString(CultureInfo.InvariantCulture));
        await Expect(rows.First).ToContainTextAsync($"#{seeded.BusyTask}");

        // From the top of the page, in tab order, to the link; then each page's from its end, as a reader at the pager would.
        var older = page.GetByRole(AriaRole.Link, new() { Name = "Older", Exact = true });
        await TabToAsync(page, older, "Tab", limit: 200);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("[?&]page=2$"));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var pages = 2;
        while (await older.CountAsync() > 0)
        {
            Assert.True(pages < 30, "the Older link never ends");
            await TabToAsync(page, older, "Shift+Tab", limit: 10);
            await page.Keyboard.PressAsync("Enter");
            pages++;
            await Expect(page).ToHaveURLAsync(new Regex($"[?&]page={pages}$"));

            // The whole new page, pager included, before asking whether it has an Older link.
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }

        // The page after the counted thousand, the last: the oldest fifty, newest first, each with its task and its own error.
        Assert.Equal((PageRequest.MaxCounted / PageSize) + 1, pages);
        await Expect(page.Locator("table caption")).ToHaveTextAsync($"Deliveries: more than {Counted("en-GB")}, newest first");
        await Expect(rows).ToHaveCountAsync(Oldest);
        for (var i = 0; i < Oldest; i++)
        {
            var (id, error) = seeded.OldestFirst[Oldest - 1 - i];
            var row = rows.Nth(i);
            await Expect(row).ToHaveAttributeAsync("data-delivery", id.ToString(CultureInfo.InvariantCulture));
            await Expect(row).ToHaveAttributeAsync("data-state", "failed");
            await Expect(row.Locator("td").First).ToHaveTextAsync(id.ToString(CultureInfo.InvariantCulture));
            await Expect(row.GetByRole(AriaRole.Link)).ToHaveTextAsync($"#{seeded.OldestTask}");
            await Expect(row).ToContainTextAsync(error);
            await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Retry delivery {id}" })).ToBeVisibleAsync();
        }

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Newer", Exact = true })).ToHaveAttributeAsync("href", new Regex($"[?&]page={pages - 1}$"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task On_a_phone_the_capped_caption_and_the_older_link_show_in_english_and_russian_without_sideways_scroll(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        await SeedAsync(console);
        foreach (var (locale, signIn, inbox, caption, olderName) in new[]
                 {
                     ("en-GB", "Sign in", "Inbox", $"Deliveries: more than {Counted("en-GB")}, newest first", "Older"),
                     ("ru-RU", "Войти", "Входящие", $"Доставок: больше {Counted("ru-RU")}, сначала новые", "Старше"),
                 })
        {
            var page = await console.AnonymousPageAsync(width: 375, height: 812, locale: locale);
            await page.GotoAsync("/signin");
            await page.Locator("#email").FillAsync(TestData.OwnerEmail);
            await page.Locator("#password").FillAsync(ConsoleHub.OwnerPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = signIn }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = inbox, Exact = true })).ToBeVisibleAsync();
            await page.GotoAsync("/deliveries");

            var captionText = page.Locator("table caption");
            await Expect(captionText).ToHaveTextAsync(caption);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"/deliveries scrolls sideways at 375 px ({locale})");
            await ExpectOnScreenAsync(page, captionText);
            var older = page.GetByRole(AriaRole.Link, new() { Name = olderName, Exact = true });
            await ExpectOnScreenAsync(page, older);

            // Followed by keyboard on the phone too, to the second page, which says the same.
            await older.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex("[?&]page=2$"));
            await Expect(captionText).ToHaveTextAsync(caption);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"the second page scrolls sideways at 375 px ({locale})");
            await ExpectOnScreenAsync(page, older);
        }
    }

    /// <summary>
    /// A thousand and fifty deliveries, as the outbox writes them: the fifty oldest failed (each with its own error) on
    /// one task, written first, then a thousand delivered on another.
    /// </summary>
    private static async Task<Seeded> SeedAsync(ConsoleHub console)
    {
        var oldestTask = await console.ContactWritesAsync("The oldest conversation", chatId: "chat-old", contactId: "contact-old");
        var busyTask = await console.ContactWritesAsync("A busy conversation", chatId: "chat-busy", contactId: "contact-busy");
        var start = console.Hub.Clock.GetUtcNow();
        var oldest = await AddDeliveriesAsync(console.Hub, oldestTask, 1, Oldest, start, n => $"Provider refused the oldest reply {n}");
        var busy = await AddDeliveriesAsync(console.Hub, busyTask, Oldest + 1, Stored - Oldest, start, error: null);
        Assert.True(busy.Min(d => d.Id) > oldest.Max(d => d.Id));
        var oldestFirst = oldest.OrderBy(d => d.Id).Select(d => (d.Id, d.LastError!)).ToArray();
        return new Seeded(oldestTask, busyTask, busy.Max(d => d.Id), oldestFirst);
    }

    /// <summary>
    /// <paramref name="count"/> of the owner's replies to <paramref name="task"/> with their deliveries, finished: failed
    /// with <paramref name="error"/>'s text, or delivered when it is null. Returns the deliveries.
    /// </summary>
    private static Task<List<MessageDelivery>> AddDeliveriesAsync(HubHost hub, long task, int first, int count, DateTimeOffset start, Func<int, string>? error) => hub.ChangeAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var chatTask = await db.Tasks.SingleAsync(t => t.Number == task, ct);
        var owner = await db.Employees.Where(e => e.Email == TestData.OwnerEmail).Select(e => e.Id).SingleAsync(ct);
        var messages = Enumerable.Range(first, count).Select(n => new Message
        {
            TaskId = chatTask.Id,
            Direction = MessageDirection.ToContact,
            Text = $"Reply {n}",
            AuthorEmployeeId = owner,
            CreatedAt = start.AddSeconds(n),
            Status = error is null ? DeliveryStatus.Sent : DeliveryStatus.Error,
        }).ToList();
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync(ct);

        return messages.Select((message, i) =>
        {
            var delivery = Outbox.Enqueue(db, message, chatTask, message.CreatedAt);
            delivery.State = error is null ? DeliveryState.Delivered : DeliveryState.Failed;
            delivery.AttemptCount = 1;
            delivery.LastError = error?.Invoke(first + i);
            delivery.FinishedAt = message.CreatedAt;
            return delivery;
        }).ToList();
    });

    /// <summary>Presses <paramref name="key"/> until <paramref name="target"/> has the focus, at most <paramref name="limit"/> times.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, string key, int limit)
    {
        for (var presses = 0; presses < limit; presses++)
        {
            await page.Keyboard.PressAsync(key);
            if (await target.EvaluateAsync<bool>("(e) => e === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail($"{key} did not reach the link in {limit} presses.");
    }

    /// <summary>
    /// Scrolled to, <paramref name="element"/>'s words lie on screen within the phone's width: measured on the text
    /// itself, since a caption's box is as wide as its table, which may scroll sideways inside its frame.
    /// </summary>
    private static async Task ExpectOnScreenAsync(IPage page, ILocator element)
    {
        await element.ScrollIntoViewIfNeededAsync();
        await Expect(element).ToBeInViewportAsync();
        var text = await element.EvaluateAsync<double[]>("""
            (e) => {
                const range = document.createRange();
                range.selectNodeContents(e);
                const r = range.getBoundingClientRect();
                return [r.left, r.right, r.top, r.bottom];
            }
            """);
        var viewport = page.ViewportSize!;
        Assert.True(text[0] >= 0 && text[1] <= viewport.Width && text[2] >= 0 && text[3] <= viewport.Height,
            $"'{await element.TextContentAsync()}' lies at x {text[0]}..{text[1]}, y {text[2]}..{text[3]}, outside the {viewport.Width}x{viewport.Height} screen");
    }

    private sealed record Seeded(long OldestTask, long BusyTask, long Newest, (long Id, string Error)[] OldestFirst);
}
