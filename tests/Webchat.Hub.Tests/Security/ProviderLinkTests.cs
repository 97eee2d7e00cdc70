using Microsoft.Playwright;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Security;

/// <summary>A provider's attachment address becomes a link or a picture only when it is an absolute http(s) one.</summary>
public sealed class ProviderLinkTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Attachments_with_file_script_or_search_addresses_are_shown_as_text_not_links(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        using var provider = console.Hub.Provider();
        var command = TestData.Message(text: "See the files") with
        {
            Attachments =
            [
                new Attachment("script.png", "javascript:alert(document.cookie)"),
                new Attachment("passwd.txt", "file:///etc/passwd"),
                new Attachment("search.jpg", "search-ms:query=invoice&crumb=location:\\\\attacker.example\\share"),
                new Attachment("relative.png", "/admin/employees"),
                new Attachment("invoice.pdf", "https://files.example.com/invoice.pdf"),
            ],
        };
        var task = (await provider.SendOkAsync(command)).Number;

        var page = await console.SignedInPageAsync();
        await page.GotoAsync($"/tasks/{task}");
        var files = page.GetByRole(AriaRole.List, new() { Name = "Attachments" });
        await Expect(files.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(5);

        // One link: the web address. The others are text the employee can read, and nothing to click or load.
        await Expect(files.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await Expect(files.GetByRole(AriaRole.Link, new() { Name = "invoice.pdf" })).ToHaveAttributeAsync("href", "https://files.example.com/invoice.pdf");
        await Expect(files.Locator("img")).ToHaveCountAsync(0);
        await Expect(files).ToContainTextAsync("javascript:alert(document.cookie)");
        await Expect(files).ToContainTextAsync("file:///etc/passwd");
        await Expect(files).ToContainTextAsync("search.jpg");

        // The API hands every address on as data, unchanged.
        using var api = console.Hub.Operator();
        var body = await api.GetStringAsync($"/api/tasks/{task}", TestContext.Current.CancellationToken);
        Assert.Contains("file:///etc/passwd", body, StringComparison.Ordinal);
    }
}
