using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class AdminTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_operator_is_refused_every_administration_page_and_action(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var page = await console.SignedInPageAsync(TestData.AgentEmail);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Employees" })).ToHaveCountAsync(0);
        foreach (var url in new[] { "/admin/employees", "/admin/quick-replies", "/admin/integrations", "/deliveries" })
        {
            await page.GotoAsync(url);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administrators only" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        }

        // A forged post with the operator's own valid token changes nothing either.
        var (client, token) = await console.SignedInClientAsync(TestData.AgentEmail);
        using (client)
        {
            using var post = await client.PostAsync("/admin/quick-replies", new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), new("title", "Sneaky"), new("text", "Not allowed")]), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.Contains("/denied", post.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(await console.Hub.ReadAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.QuickReplies, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_administrator_adds_an_employee_whose_one_time_link_sets_a_password_and_can_deactivate_them(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var admin = await console.SignedInPageAsync();
        await admin.GotoAsync("/admin/employees");
        await admin.GetByLabel("E-mail").FillAsync("maria@example.com");
        await admin.GetByLabel("First name").FillAsync("Maria");
        await admin.GetByLabel("Last name").FillAsync("New");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add and get an invitation link" }).ClickAsync();
        var notice = await admin.GetByRole(AriaRole.Status).TextContentAsync();
        var link = Regex.Match(notice!, @"http://\S+").Value;
        Assert.Contains("/account/password?", link, StringComparison.Ordinal);
        await Expect(admin.Locator("tr[data-employee='maria@example.com']")).ToContainTextAsync("no password yet");

        var maria = await console.AnonymousPageAsync();
        await maria.GotoAsync(link);
        await maria.GetByLabel("New password").FillAsync("maria-password-0123");
        await maria.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(maria.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set");
        await ConsoleHub.SignInAsync(maria, "maria@example.com", "maria-password-0123");
        await Expect(maria.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true })).ToBeVisibleAsync();

        // The link works once.
        var again = await console.AnonymousPageAsync();
        await again.GotoAsync(link);
        await again.GetByLabel("New password").FillAsync("another-password-0123");
        await again.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("used already or has expired");

        // Deactivated, she cannot sign in.
        await admin.GotoAsync("/admin/employees");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Deactivate maria@example.com" }).ClickAsync();
        await Expect(admin.Locator("tr[data-employee='maria@example.com']")).ToContainTextAsync("deactivated");
        var later = await console.AnonymousPageAsync();
        await later.GotoAsync("/signin");
        await ConsoleHub.SignInAsync(later, "maria@example.com", "maria-password-0123");
        await Expect(later.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_delivery_log_retries_a_failed_delivery_and_the_integrations_page_shows_no_token(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Hello");
        console.Receiver.Answer(_ => ReceiverAnswer.Error(401, "Bad token"));
        var accepted = await console.Outbound.ReplyAsync(task, "Answer");
        await console.Outbound.WaitForStateAsync(accepted.Number("deliveryId"), "failed");

        var admin = await console.SignedInPageAsync();
        await admin.GotoAsync("/deliveries");
        await admin.GetByLabel("State").SelectOptionAsync("failed");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var row = admin.Locator($"tr[data-delivery='{accepted.Number("deliveryId")}']");
        await Expect(row).ToHaveAttributeAsync("data-state", "failed");
        console.Receiver.Answer(_ => ReceiverAnswer.Ok());
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("sent again");
        await console.Outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");

        await admin.GotoAsync("/admin/integrations");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = TestData.ProviderId })).ToBeVisibleAsync();
        var html = await admin.ContentAsync();
        Assert.DoesNotContain(TestData.Token, html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.ProviderToken, html, StringComparison.Ordinal);
    }
}
