using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Security;

/// <summary>
/// Several hubs behind one load balancer are one console: the data-protection keys that sign cookies and
/// antiforgery tokens live in the shared store, so what one hub issued the next one accepts.
/// </summary>
public sealed partial class SharedKeysTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_sign_in_on_one_hub_is_honoured_by_another_on_the_same_store(StoreKind kind)
    {
        await using var store = await TestStore.CreateAsync(kind);
        var logs = new CapturedLogs();
        await using var hubA = await HubHost.StartAsync(store, Console, builder => OwnDisk(builder, "a", logs));
        await using var hubB = await HubHost.StartAsync(store, Console, builder => OwnDisk(builder, "b", logs));
        var cookies = new CookieContainer();

        // Signed in on hub A. The browser keeps one cookie jar for 127.0.0.1, whatever the port: the load balancer's one address.
        using var onA = Client(hubA, cookies);
        var signIn = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenOf(await onA.GetStringAsync("/signin", Ct)),
            ["email"] = TestData.OwnerEmail,
            ["password"] = ConsoleHub.OwnerPassword,
            ["returnUrl"] = "/",
        };
        using (var signedIn = await onA.PostAsync("/account/signin", new FormUrlEncodedContent(signIn), Ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        }

        var tokenFromA = TokenOf(await onA.GetStringAsync("/", Ct));

        // The next request lands on hub B: the inbox opens, and a form of A's page posts there.
        using var onB = Client(hubB, cookies);
        using (var inbox = await onB.GetAsync("/", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
            Assert.Contains(TestData.OwnerEmail, await inbox.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var signOut = await onB.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokenFromA }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.DoesNotContain("/denied", signOut.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        using var afterSignOut = await onA.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Contains("/signin", afterSignOut.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // A new store's key ring is read once the store is migrated, never before (which would log errors).
        Assert.DoesNotContain(logs.Entries, entry => entry.Level >= LogLevel.Error && entry.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    private static void Console(Dictionary<string, string?> settings)
    {
        settings["Hub:Console:AdminEmail"] = TestData.OwnerEmail;
        settings["Hub:Console:AdminPassword"] = ConsoleHub.OwnerPassword;
    }

    /// <summary>Each hub a machine of its own: its own folder where, without the store, its keys would be kept.</summary>
    private static void OwnDisk(WebApplicationBuilder builder, string machine, CapturedLogs logs)
    {
        builder.Services.AddDataProtection().PersistKeysToFileSystem(Directory.CreateTempSubdirectory($"webchat-keys-{machine}-"));
        logs.AddTo(builder);
    }

    private static HttpClient Client(HubHost hub, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = hub.BaseAddress };

    private static string TokenOf(string html) => TokenField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
