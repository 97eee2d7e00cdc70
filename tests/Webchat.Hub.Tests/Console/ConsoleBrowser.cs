using Microsoft.Playwright;
using Webchat.Hub.Tests.Console;

[assembly: AssemblyFixture(typeof(ConsoleBrowser))]

namespace Webchat.Hub.Tests.Console;

/// <summary>
/// Debian's Chromium, started once for the whole test run on first use and shared by every console
/// test class; each test opens its own context (cookies, viewport). Never downloads a browser.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    static ConsoleBrowser()
    {
        // Live updates are waited for, never timed: generous limits keep a loaded machine from failing a test.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>
    /// A fresh, isolated browser context on <paramref name="baseAddress"/>, at desktop size and in British
    /// English unless told; <paramref name="permissions"/> are granted (e.g. "notifications").
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseAddress, int width = 1280, int height = 860, string locale = "en-GB", IEnumerable<string>? permissions = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            Permissions = permissions,
            TimezoneId = "Europe/Berlin",
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!File.Exists(ChromiumPath))
                {
                    throw new InvalidOperationException($"The console tests need Chromium at {ChromiumPath}: install Debian's 'chromium' package (bash .ci/run does).");
                }

                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                });
            }

            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }
}
