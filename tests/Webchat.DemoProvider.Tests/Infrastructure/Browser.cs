using Microsoft.Playwright;
using Webchat.DemoProvider.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Browser))]

namespace Webchat.DemoProvider.Tests.Infrastructure;

/// <summary>Debian's Chromium, started once for the whole test run and shared by every test class.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Chromium => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath}: 'apt-get install -y chromium' (bash .ci/run does it).");
        }

        // A busy 2-core CI machine runs the hub, the demo and Chromium at once: wait generously for what must appear.
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh visitor: its own cookies, a phone-sized window, the browser's language (<paramref name="locale"/>) unless Chromium's own.</summary>
    public async Task<IBrowserContext> NewVisitorAsync(string? locale = null)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 740 }, Locale = locale });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
