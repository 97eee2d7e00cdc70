using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Webchat.DemoProvider.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.DemoProvider.Tests.Widget;

/// <summary>The widget speaks the visitor's language (Russian or English, from the browser), its errors and the task it opens too.</summary>
public sealed class WidgetLanguageTests(Browser browser)
{
    private static readonly string[] EnglishWords = ["Chat with us", "Conversation", "Name", "Email", "Phone", "Message", "Send", "Required", "Optional", "Type", "you", "messages"];

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_russian_visitor_reads_the_widget_its_errors_and_their_own_name_in_russian_and_the_task_is_titled_in_russian(StoreKind store)
    {
        var demoAddress = DemoHost.FreeAddress();
        await using var hub = await HubHost.StartAsync(store, s => s["Hub:Integrations:0:ProviderUrl"] = new Uri(demoAddress, "/planfix").ToString());
        await using var demo = await DemoHost.StartAsync(new Uri(hub.BaseAddress, "/webchat/api"), demoAddress);
        await using var visitor = await browser.NewVisitorAsync("ru-RU");
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(demo.BaseAddress.ToString());

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Напишите нам" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Напишите нам — демо-провайдер Webchat");
        await page.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await Assertions.Expect(page.Locator("#name-error")).ToHaveTextAsync("Введите имя (до 100 символов).");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Исправьте отмеченные поля.");
        await ExpectNoEnglishAsync(page);

        await page.GetByLabel("Имя").FillAsync("Иван");
        await page.GetByLabel("Сообщение").FillAsync("Есть котлы?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Отправить" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Log)).ToContainTextAsync("Иван (вы)");
        await ExpectNoEnglishAsync(page);

        using var api = hub.Operator();
        using var task = await api.GetAsync("/api/tasks/1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, task.StatusCode);
        Assert.Equal("Чат на сайте с Иван", (await task.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("name").GetString());
    }

    private static async Task ExpectNoEnglishAsync(IPage page)
    {
        var text = await page.EvaluateAsync<string>("() => document.title + '\\n' + document.body.innerText");
        var english = EnglishWords.Where(word => System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<!\p{{L}}){word}(?!\p{{L}})")).ToList();
        Assert.True(english.Count == 0, $"The widget shows English: {string.Join(", ", english)}\n{text}");
    }
}
