using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Security;

/// <summary>Behind a TLS proxy: forwarded headers from known proxies only, HSTS over HTTPS, Secure cookies, links from Hub:PublicUrl.</summary>
public sealed class ProxyTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Without_known_proxies_forwarded_headers_are_ignored(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store, s => s["Hub:RateLimits:SignIn"] = "1");
        using var first = new SignInClient(console.Hub.BaseAddress, forwardedFor: "203.0.113.1");
        using var second = new SignInClient(console.Hub.BaseAddress, forwardedFor: "203.0.113.2");

        using var signIn = await first.PostSignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword, forwardedProto: "https");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", string.Join(";", signIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        // Both come from 127.0.0.1 whatever they claim: one limit for the two.
        using var refused = await second.PostSignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Behind_a_known_proxy_the_visitor_address_and_https_count(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store, s =>
        {
            s["Hub:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
            s["Hub:RateLimits:SignIn"] = "1";
        });
        using var first = new SignInClient(console.Hub.BaseAddress, forwardedFor: "203.0.113.1");
        using var second = new SignInClient(console.Hub.BaseAddress, forwardedFor: "203.0.113.2");

        using var signIn = await first.PostSignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword, forwardedProto: "https");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("max-age=", signIn.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("webchat.console=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        // Each visitor has a limit of their own; the same visitor again is over it.
        using var other = await second.PostSignInAsync(TestData.OwnerEmail, "wrong-password-0123");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        using var again = await second.PostSignInAsync(TestData.OwnerEmail, "wrong-password-0123");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_https_public_url_makes_cookies_secure_and_invitation_links_follow_it_not_the_host_header(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store, s => s["Hub:PublicUrl"] = "https://chat.example.com/hub/");
        var ct = TestContext.Current.CancellationToken;
        using var visitor = new SignInClient(console.Hub.BaseAddress);
        using var signIn = await visitor.PostSignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("webchat.console=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        using var admin = console.Hub.Operator(TestData.AdminApiKey);
        admin.DefaultRequestHeaders.Host = "localhost";
        using var added = await admin.PostAsJsonAsync("/api/employees", new { email = "maria@example.com", name = "Maria" }, ct);
        Assert.StartsWith("https://chat.example.com/hub/account/password?user=", (await added.ReadJsonAsync(HttpStatusCode.OK)).Text("url"), StringComparison.Ordinal);
    }
}
