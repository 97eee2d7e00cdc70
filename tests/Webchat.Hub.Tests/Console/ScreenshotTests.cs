using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

/// <summary>Takes the README's pictures of the console (docs/), at desktop and phone width, from a hub with a few conversations.</summary>
public sealed class ScreenshotTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task The_inbox_and_a_task_view_are_photographed_for_the_readme_at_desktop_and_phone_width()
    {
        await using var console = await ConsoleHub.StartAsync(browser, StoreKind.Sqlite);
        console.Receiver.Answer(call => call.Form["message"]!.Contains("invoice", StringComparison.Ordinal)
            ? ReceiverAnswer.Error(400, "Unknown chat")
            : ReceiverAnswer.Ok());
        var task = await console.ContactWritesAsync("Здравствуйте! Интересуют газовые котлы для дома 120 м²", chatId: "chat-1", contactId: "c-1", name: "Иван", channel: "telegram");
        await console.ContactWritesAsync("Can I change the delivery address?", chatId: "chat-2", contactId: "c-2", name: "Maria", channel: "whatsapp");
        await console.ContactWritesAsync("Is the shop open on Sunday?", chatId: "chat-3", contactId: "c-3", name: "Peter", channel: "site");
        var read = await console.Outbound.ReplyAsync(task, "Добрый день! Подберём котёл: какая площадь и какое топливо?", TestData.OwnerEmail);
        await console.Outbound.WaitForStateAsync(read.Number("deliveryId"), "delivered");
        using (var provider = console.Hub.Provider())
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, read.NumberText("messageId"), "read"));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "Газ, 120 м². Вот план дома.",
                new ContactDetails("c-1", "Иван", "Ivanov"), Attachments: [new Attachment("plan.pdf", "https://files.example.com/plan.pdf")]));
        }

        var failed = await console.Outbound.ReplyAsync(task, "Sending the invoice now.", TestData.AgentEmail);
        await console.Outbound.WaitForStateAsync(failed.Number("deliveryId"), "failed");
        await console.Outbound.ReplyAsync(await console.ContactWritesAsync("Thanks!", chatId: "chat-3", contactId: "c-3", name: "Peter"), "You are welcome!", TestData.AgentEmail);

        var docs = Docs();
        foreach (var (width, height, suffix) in new[] { (1280, 800, ""), (375, 812, "-phone") })
        {
            var page = await console.SignedInPageAsync(width: width, height: height);
            await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(3);
            await page.ScreenshotAsync(new() { Path = Path.Combine(docs, $"console-inbox{suffix}.png") });

            await page.GotoAsync($"/tasks/{task}");
            await Expect(page.Locator("[data-status=error]")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-status=read]")).ToHaveCountAsync(1);
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(docs, $"console-task{suffix}.png"), FullPage = suffix.Length > 0 });
        }

        Assert.True(new FileInfo(Path.Combine(docs, "console-task.png")).Length > 10_000);
    }

    /// <summary>The repository's docs/ folder.</summary>
    private static string Docs()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Webchat.slnx")))
        {
            folder = folder.Parent;
        }

        var docs = Path.Combine(folder?.FullName ?? throw new InvalidOperationException("The repository's root (Webchat.slnx) is not above the test's folder."), "docs");
        Directory.CreateDirectory(docs);
        return docs;
    }
}
