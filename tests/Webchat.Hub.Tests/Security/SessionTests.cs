using System.Globalization;
using System.Net;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Security;

/// <summary>Signing in and out: one answer for every refusal, a limit per address, and sign-out that ends the session on the server.</summary>
public sealed class SessionTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Sign_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var ct = TestContext.Current.CancellationToken;
        using var agent = new SignInClient(console.Hub.BaseAddress);
        Assert.Equal("/", await agent.SignInAsync(TestData.AgentEmail, ConsoleHub.AgentPassword));

        // Someone copies the cookie (a shared computer, a stolen backup) before the agent signs out.
        using var copy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = console.Hub.BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", agent.CookieHeader);
        using (var before = await copy.GetAsync("/", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var signOut = await agent.PostFormAsync("/", "/account/signout"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        // The session is checked against the store at a short interval (a minute): after it, the copy is refused.
        console.Hub.Clock.Advance(TimeSpan.FromMinutes(2));
        using var after = await copy.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/signin", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_locked_an_unknown_and_a_wrong_password_get_one_and_the_same_answer(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        using var visitor = new SignInClient(console.Hub.BaseAddress);
        var wrong = await visitor.SignInAsync(TestData.AgentEmail, "wrong-password-0");
        for (var i = 1; i < 5; i++)
        {
            await visitor.SignInAsync(TestData.AgentEmail, $"wrong-password-{i}");
        }

        var locked = await visitor.SignInAsync(TestData.AgentEmail, ConsoleHub.AgentPassword);
        var unknown = await visitor.SignInAsync("nobody@example.com", "any-password-0123");
        Assert.Contains("/signin", wrong, StringComparison.Ordinal);
        Assert.Equal(wrong, locked);
        Assert.Equal(wrong, unknown);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Sign_in_attempts_from_one_address_are_limited_with_a_page_that_says_when_to_try_again(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var ct = TestContext.Current.CancellationToken;
        using var visitor = new SignInClient(console.Hub.BaseAddress);

        // Ten a minute by default (Hub:RateLimits:SignIn), across accounts: every one is answered.
        for (var i = 0; i < 10; i++)
        {
            Assert.Contains("/signin", await visitor.SignInAsync($"guess{i}@example.com", $"guess-{i}-0123"), StringComparison.Ordinal);
        }

        // The eleventh is refused, even with the right password.
        using var refused = await visitor.PostSignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var page = await refused.Content.ReadAsStringAsync(ct);
        Assert.Contains("Too many sign-in attempts", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/signin\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("webchat.console", visitor.CookieNames);
    }
}
