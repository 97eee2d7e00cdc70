using System.Text.Json;
using Microsoft.Playwright;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Attachments;

/// <summary>The console shows the hub's copies of providers' files, and says when a copy failed.</summary>
public sealed class MirrorConsoleTests(ConsoleBrowser browser)
{
    /// <summary>A real 1×1 PNG: the browser decodes it, so a loaded preview has a width.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_task_page_previews_the_copy_and_shows_a_failed_copy_as_text(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var console = await ConsoleHub.StartAsync(browser, store, settings => settings["Hub:Attachments:AllowPrivateAddresses"] = "true");
        var pictureUrl = files.Put("photo.png", Pixel, "image/png");
        var missingUrl = files.UrlOf("gone.pdf");
        using var provider = console.Hub.Provider();
        var command = TestData.Message(text: "See the files") with { Attachments = [new Attachment("photo.png", pictureUrl), new Attachment("gone.pdf", missingUrl)] };
        var task = (await provider.SendOkAsync(command)).Number;
        using var api = console.Hub.Operator();
        await Eventually.TrueAsync(
            async () =>
            {
                using var json = JsonDocument.Parse(await api.GetStringAsync($"/api/tasks/{task}", TestContext.Current.CancellationToken));
                var attachments = json.RootElement.GetProperty("messages")[0].GetProperty("attachments");
                return attachments[0].GetProperty("mirroredUrl").ValueKind == JsonValueKind.String && attachments[1].GetProperty("copyFailed").GetBoolean();
            },
            "the picture to be copied and the missing file's copy to fail");

        var page = await console.SignedInPageAsync();
        var response = await page.GotoAsync($"/tasks/{task}");

        // Images only from the hub: no provider's host sees the employee open the task.
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("img-src 'self';", policy, StringComparison.Ordinal);
        await Expect(page.Locator("img:not([src^='/'])")).ToHaveCountAsync(0);
        var list = page.GetByRole(AriaRole.List, new() { Name = "Attachments" });

        // The picture: previewed and linked from the hub itself, and it loads under the page's policy.
        var preview = list.GetByRole(AriaRole.Img, new() { Name = "photo.png" });
        await Expect(preview).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/files/[0-9a-f]{32}/photo\\.png$"));
        var links = list.GetByRole(AriaRole.Link, new() { Name = "photo.png", Exact = true });
        await Expect(links).ToHaveCountAsync(2);
        await Expect(links.First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/files/"));
        await Expect(links.Last).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/files/"));
        await Eventually.TrueAsync(async () => await preview.EvaluateAsync<int>("img => img.naturalWidth") == 1, "the preview to load");

        // The failed copy: said so, the provider's address as text, nothing to click or load.
        var failed = list.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "gone.pdf" });
        await Expect(failed).ToContainTextAsync("could not copy");
        await Expect(failed).ToContainTextAsync(missingUrl);
        await Expect(failed.GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        Assert.Equal(1, files.Requests("gone.pdf"));
    }
}
