using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class ConsoleReplyTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_with_a_file_reaches_the_provider_with_the_files_url_and_its_tick_turns_to_two_when_read(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Can you send the price list?");
        var page = await console.SignedInPageAsync();
        await page.GotoAsync($"/tasks/{task}");
        await ConsoleHub.WaitUntilLiveAsync(page);

        await page.GetByLabel("Reply").FillAsync("Here it is");
        await page.GetByLabel("Attach files").SetInputFilesAsync(new FilePayload
        {
            Name = "prices.txt",
            MimeType = "text/plain",
            Buffer = "Boilers: 1000"u8.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Eventually.TrueAsync(() => console.Receiver.Accepted.Count == 1, "the reply to reach the provider");
        var call = console.Receiver.Accepted[0];
        Assert.Equal("Here it is", call.Form["message"]);
        Assert.Equal("Olga", call.Form["userName"]);
        Assert.Equal("prices.txt", call.Form["attachments[name]"]);
        var fileUrl = call.Form["attachments[url]"]!;
        Assert.StartsWith($"{console.Hub.BaseAddress}files/", fileUrl, StringComparison.Ordinal);
        using (var http = new HttpClient())
        {
            Assert.Equal("Boilers: 1000", await http.GetStringAsync(fileUrl, TestContext.Current.CancellationToken));
        }

        // One tick once delivered, two once the provider reports it read: live, without reloading.
        var messageId = call.Form["messageId"]!;
        var sent = page.Locator($"[data-message-id='{messageId}']");
        await Expect(sent).ToContainTextAsync("Olga Owner");
        await Expect(sent.GetByRole(AriaRole.Link, new() { Name = "prices.txt" })).ToHaveAttributeAsync("href", fileUrl);
        await Expect(sent).ToHaveAttributeAsync("data-status", "sent");
        await Expect(sent.GetByRole(AriaRole.Img, new() { Name = "Sent" })).ToBeVisibleAsync();
        using (var provider = console.Hub.Provider())
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, messageId, "read"));
        }

        await Expect(sent).ToHaveAttributeAsync("data-status", "read");
        await Expect(sent.GetByRole(AriaRole.Img, new() { Name = "Read" })).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_failed_delivery_shows_the_error_sign_with_its_reason_and_Retry_sends_it_again(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Hello?");
        console.Receiver.Answer(_ => ReceiverAnswer.Error(400, "Unknown chat"));
        var page = await console.SignedInPageAsync();
        await page.GotoAsync($"/tasks/{task}");
        await ConsoleHub.WaitUntilLiveAsync(page);

        await page.GetByLabel("Reply").FillAsync("Good afternoon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var reply = page.Locator(".thread [data-status]");
        await Expect(reply).ToHaveAttributeAsync("data-status", "error");
        var sign = reply.Locator(".tick.error");
        await Expect(sign).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("400"));

        console.Receiver.Answer(_ => ReceiverAnswer.Ok());
        await reply.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.Locator(".thread [data-status]")).ToHaveAttributeAsync("data-status", "sent");
        Assert.Equal(2, console.Receiver.Calls.Count);
        Assert.Equal(console.Receiver.Calls[0].Form["messageId"], console.Receiver.Calls[1].Form["messageId"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_quick_reply_saved_by_an_administrator_is_inserted_into_the_reply_and_sent(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Are you open today?");
        var admin = await console.SignedInPageAsync();
        await admin.GotoAsync("/admin/quick-replies");
        await admin.GetByLabel("Title").FillAsync("Opening hours");
        await admin.GetByLabel("Text").FillAsync("We are open from 9 to 18.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("saved");

        var agent = await console.SignedInPageAsync(TestData.AgentEmail);
        await agent.GotoAsync($"/tasks/{task}");
        await agent.GetByLabel("Reply").FillAsync("Hello! ");
        await agent.GetByLabel("Quick replies").SelectOptionAsync(new SelectOptionValue { Label = "Opening hours" });
        await Expect(agent.GetByLabel("Reply")).ToHaveValueAsync("Hello! We are open from 9 to 18.");
        await agent.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Eventually.TrueAsync(() => console.Receiver.Accepted.Count == 1, "the reply to reach the provider");
        Assert.Equal("Hello! We are open from 9 to 18.", console.Receiver.Accepted[0].Form["message"]);
        Assert.Equal("Anton", console.Receiver.Accepted[0].Form["userName"]);
    }
}
