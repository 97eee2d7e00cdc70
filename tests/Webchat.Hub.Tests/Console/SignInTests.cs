using System.Net;
using Microsoft.Playwright;
using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

public sealed class SignInTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_wrong_password_is_refused_the_right_one_opens_the_inbox_and_sign_out_closes_it(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Where is my order?");
        var page = await console.AnonymousPageAsync();

        await page.GotoAsync($"/tasks/{task}");
        Assert.EndsWith($"/signin?ReturnUrl=%2Ftasks%2F{task}", page.Url, StringComparison.Ordinal);
        await ConsoleHub.SignInAsync(page, TestData.OwnerEmail, "not-the-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The e-mail or the password is wrong");

        // Signed in, the page asked for opens.
        await ConsoleHub.SignInAsync(page, TestData.OwnerEmail, ConsoleHub.OwnerPassword);
        await Expect(page.GetByText("Where is my order?")).ToBeVisibleAsync();
        await Expect(page.GetByText(TestData.OwnerEmail)).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Five_wrong_passwords_lock_the_account_so_even_the_right_one_is_refused(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var page = await console.AnonymousPageAsync();
        await page.GotoAsync("/signin");

        for (var i = 0; i < 5; i++)
        {
            await ConsoleHub.SignInAsync(page, TestData.AgentEmail, $"wrong-password-{i}");
        }

        await ConsoleHub.SignInAsync(page, TestData.AgentEmail, ConsoleHub.AgentPassword);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked for 15 minutes");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);

        // Another employee is not affected.
        await ConsoleHub.SignInAsync(page, TestData.OwnerEmail, ConsoleHub.OwnerPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true })).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Every_console_url_sends_a_signed_out_visitor_to_sign_in_and_shows_nothing(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("A secret question");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = console.Hub.BaseAddress };
        string[] urls =
        [
            "/", "/?status=completed", $"/tasks/{task}", "/contacts", "/contacts/1", "/admin/employees", "/admin/quick-replies",
            "/admin/integrations", "/deliveries", "/denied", "/live",
        ];
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url} answered {(int)response.StatusCode}");
            Assert.StartsWith($"{console.Hub.BaseAddress}signin?ReturnUrl=", response.Headers.Location?.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        // Actions too: a signed-out post changes nothing.
        using var complete = await client.PostAsync($"/tasks/{task}/complete", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, complete.StatusCode);
        Assert.Equal(ChatTaskStatus.Active, (await console.Hub.TaskAsync(task)).Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var task = await console.ContactWritesAsync("Hello");
        var (client, token) = await console.SignedInClientAsync();
        using (client)
        {
            var ct = TestContext.Current.CancellationToken;
            using var forged = await client.PostAsync($"/tasks/{task}/complete", new FormUrlEncodedContent([]), ct);
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal(ChatTaskStatus.Active, (await console.Hub.TaskAsync(task)).Status);

            using var signOut = await client.PostAsync("/account/signout", new FormUrlEncodedContent([]), ct);
            Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);

            // The same post with the page's token goes through.
            using var genuine = await client.PostAsync($"/tasks/{task}/complete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), ct);
            Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
            Assert.Equal(ChatTaskStatus.Completed, (await console.Hub.TaskAsync(task)).Status);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Pages_carry_the_security_headers_and_the_operator_api_keys_still_work(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var (client, _) = await console.SignedInClientAsync();
        using (client)
        {
            foreach (var url in new[] { "/", "/signin", "/contacts" })
            {
                using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
                Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
                Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
                Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            }

            // The console's cookie is no API key, and the API key still is one.
            using var api = await client.GetAsync("/api/tasks", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            await console.Outbound.Operator.GetJsonAsync("/api/tasks");
        }
    }
}
