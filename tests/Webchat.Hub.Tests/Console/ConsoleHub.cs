using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Webchat.Hub.Tests.Console;

/// <summary>
/// A hub with its console, delivering to a real <see cref="ProviderReceiver"/>: the owner is the
/// administrator (Hub:Console), the agent an operator with a password; pages open in the shared browser.
/// </summary>
public sealed partial class ConsoleHub : IAsyncDisposable
{
    public const string OwnerPassword = "owner-password-0123";
    public const string AgentPassword = "agent-password-0123";

    private readonly ConsoleBrowser _browser;
    private readonly List<IBrowserContext> _contexts = [];

    private ConsoleHub(ConsoleBrowser browser, OutboundHub outbound)
    {
        _browser = browser;
        Outbound = outbound;
    }

    public OutboundHub Outbound { get; }

    public HubHost Hub => Outbound.Hub;

    public ProviderReceiver Receiver => Outbound.Receiver;

    public static async Task<ConsoleHub> StartAsync(ConsoleBrowser browser, StoreKind store, Action<Dictionary<string, string?>>? configure = null)
    {
        var outbound = await OutboundHub.StartAsync(store, settings =>
        {
            settings["Hub:Console:AdminEmail"] = TestData.OwnerEmail;
            settings["Hub:Console:AdminPassword"] = OwnerPassword;
            configure?.Invoke(settings);
        });
        try
        {
            // The agent's password, as the invitation link would have set it.
            await using var scope = outbound.Hub.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
            var agent = await users.FindByEmailAsync(TestData.AgentEmail);
            Assert.True((await users.AddPasswordAsync(agent!, AgentPassword)).Succeeded);
            return new ConsoleHub(browser, outbound);
        }
        catch
        {
            await outbound.DisposeAsync();
            throw;
        }
    }

    /// <summary>A page of a browser nobody signed in to.</summary>
    public async Task<IPage> AnonymousPageAsync(int width = 1280, int height = 860, string locale = "en-GB", IEnumerable<string>? permissions = null)
    {
        var context = await _browser.NewContextAsync(Hub.BaseAddress, width, height, locale, permissions);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in as <paramref name="email"/>, on the inbox.</summary>
    public async Task<IPage> SignedInPageAsync(string email = TestData.OwnerEmail, string? password = null, int width = 1280, int height = 860)
    {
        var page = await AnonymousPageAsync(width, height);
        await page.GotoAsync("/signin");
        await SignInAsync(page, email, password ?? (email == TestData.OwnerEmail ? OwnerPassword : AgentPassword));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true })).ToBeVisibleAsync();
        return page;
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Waits until the page listens to the hub's live feed, so what happens next reaches it.</summary>
    public static Task WaitUntilLiveAsync(IPage page) =>
        Expect(page.Locator("[data-live-connected=true]")).ToHaveCountAsync(1);

    /// <summary>A contact writes; returns the task's number.</summary>
    public async Task<long> ContactWritesAsync(string text, string chatId = "chat-1", string contactId = "contact-1", string name = "Ivan", string? phone = null, string? channel = null)
    {
        using var provider = Hub.Provider();
        var command = new NewMessageCommand(TestData.ProviderId, chatId, text, new ContactDetails(contactId, name, "Ivanov", Phone: phone), Channel: channel);
        return (await provider.SendOkAsync(command)).Number;
    }

    /// <summary>
    /// An HTTP client signed in as <paramref name="email"/> through the sign-in form, cookies kept, redirects
    /// not followed; with the antiforgery token of the last page it read.
    /// </summary>
    public async Task<(HttpClient Client, string Token)> SignedInClientAsync(string email = TestData.OwnerEmail, string? password = null)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = Hub.BaseAddress };
        var ct = TestContext.Current.CancellationToken;
        var token = TokenOf(await client.GetStringAsync("/signin", ct));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["password"] = password ?? (email == TestData.OwnerEmail ? OwnerPassword : AgentPassword),
            ["returnUrl"] = "/",
        });
        using var signedIn = await client.PostAsync("/account/signin", form, ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        return (client, TokenOf(await client.GetStringAsync("/", ct)));
    }

    private static string TokenOf(string html) => TokenField().Match(html) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The page has no antiforgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await Outbound.DisposeAsync();
    }
}
