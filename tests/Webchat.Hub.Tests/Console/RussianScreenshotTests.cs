using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

/// <summary>Takes the pictures of the console in Russian (docs/console-inbox-ru.png, docs/console-task-ru.png) from a hub with a few conversations.</summary>
public sealed class RussianScreenshotTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task The_inbox_and_a_task_view_are_photographed_in_russian()
    {
        await using var console = await ConsoleHub.StartAsync(browser, StoreKind.Sqlite, settings =>
        {
            settings["Hub:Employees:0:Name"] = "Ольга";
            settings["Hub:Employees:0:LastName"] = "Владимирова";
            settings["Hub:Employees:1:Name"] = "Антон";
            settings["Hub:Employees:1:LastName"] = "Агеев";
        });
        var task = await console.ContactWritesAsync("Здравствуйте! Интересуют газовые котлы для дома 120 м²", chatId: "chat-1", contactId: "c-1", name: "Иван", channel: "telegram");
        await console.ContactWritesAsync("Можно изменить адрес доставки?", chatId: "chat-2", contactId: "c-2", name: "Мария", channel: "whatsapp");
        await console.ContactWritesAsync("Магазин работает в воскресенье?", chatId: "chat-3", contactId: "c-3", name: "Пётр", channel: "site");
        var read = await console.Outbound.ReplyAsync(task, "Добрый день! Подберём котёл: какая площадь и какое топливо?", TestData.OwnerEmail);
        await console.Outbound.WaitForStateAsync(read.Number("deliveryId"), "delivered");
        using (var provider = console.Hub.Provider())
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, read.NumberText("messageId"), "read"));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "Газ, 120 м². Вот план дома.",
                new ContactDetails("c-1", "Иван", "Ivanov"), Attachments: [new Attachment("план.pdf", "https://files.example.com/plan.pdf")]));
        }

        var page = await console.AnonymousPageAsync(locale: "ru-RU");
        await page.GotoAsync("/signin");
        await page.Locator("#email").FillAsync(TestData.OwnerEmail);
        await page.Locator("#password").FillAsync(ConsoleHub.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await Expect(page.Locator("li[data-task]")).ToHaveCountAsync(3);
        await Expect(page.Locator("#console-me[data-unread]")).ToHaveCountAsync(1);
        var docs = Path.Combine(Repository.Root, "docs");
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "console-inbox-ru.png") });

        await page.GotoAsync($"/tasks/{task}");
        await Expect(page.Locator("[data-status=read]")).ToHaveCountAsync(1);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "console-task-ru.png") });
        Assert.True(new FileInfo(Path.Combine(docs, "console-task-ru.png")).Length > 10_000);
    }
}
