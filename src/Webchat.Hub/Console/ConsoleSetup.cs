using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Console.Admin;
using Webchat.Hub.Console.Alerts;
using Webchat.Hub.Console.Api;
using Webchat.Hub.Console.Assets;
using Webchat.Hub.Console.Contacts;
using Webchat.Hub.Console.Inbox;
using Webchat.Hub.Console.Layout;
using Webchat.Hub.Console.Live;
using Webchat.Hub.Console.TaskView;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Localization;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console;

/// <summary>
/// The operator console: pages rendered on the server (Razor components, static rendering), forms
/// posted to small endpoints with antiforgery tokens, live updates over server-sent events, accounts
/// with ASP.NET Core Identity in the hub's store. The operator API's keys stay the API's only way in.
/// </summary>
public static class ConsoleSetup
{
    /// <summary>Signed-in employees (the console cookie only, never an API key).</summary>
    public const string EmployeePolicy = "ConsoleEmployee";

    /// <summary>Signed-in administrators.</summary>
    public const string AdministratorPolicy = "ConsoleAdministrator";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>()
            .Bind(builder.Configuration.GetSection(ConsoleOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();

        // Identity's stores take a context per request; the hub's pooled factory makes it.
        services.AddScoped<HubDbContext>(sp => sp.GetRequiredService<IDbContextFactory<HubDbContext>>().CreateDbContext());
        services.AddIdentityCore<ConsoleUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = ConsoleOptions.MinPasswordLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                // "Confirmed" is "not deactivated" (ActiveEmployeeConfirmation).
                options.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<HubDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ConsoleClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddScoped<IUserConfirmation<ConsoleUser>, ActiveEmployeeConfirmation>();
        // A deactivated employee's or a reset account's sessions end within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        // The cookie schemes only: the default scheme stays the operator API's keys.
        services.AddAuthentication().AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "webchat.console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.LoginPath = "/signin";
            options.LogoutPath = "/signout";
            options.AccessDeniedPath = "/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(EmployeePolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ConsoleAccounts.EmployeeClaim))
            .AddPolicy(AdministratorPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(ConsoleRoles.Administrator));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "webchat.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        // The session is Secure whenever the hub is served over HTTPS (Hub:PublicUrl), even when its TLS proxy talks
        // plain HTTP to it. (The antiforgery cookie follows the request: antiforgery refuses to work otherwise.)
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IServiceProvider>((options, sp) => options.Cookie.SecurePolicy = SecurePolicy(sp));
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimits.RateLimitOptions>>((limiter, limits) =>
            limiter.AddPolicy(SignInRateLimit.PolicyName, new SignInRateLimit(limits.Value)));
        // Pages carry Cyrillic and other scripts as text, not as character references.
        services.AddWebEncoders(options => options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddHubLocalization();
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();

        services.AddSingleton<InboxQueries>();
        services.AddSingleton<ContactQueries>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<TaskWork>();
        services.AddSingleton<QuickReplies>();
        services.AddScoped<EmployeeAdmin>();
        // Run by the store's initializer before the hub answers: the right password works from the first request.
        services.AddSingleton<IStoreSeed, AccountSeeder>();
        return builder;
    }

    /// <summary>Whether the console's cookies are always Secure: outside Development, when the hub is served over HTTPS.</summary>
    public static bool SecureCookies(IServiceProvider services) =>
        Proxies.ProxySetup.CookiesAlwaysSecure(services.GetRequiredService<IHostEnvironment>(), services.GetRequiredService<IOptions<Configuration.HubOptions>>().Value);

    private static CookieSecurePolicy SecurePolicy(IServiceProvider services) =>
        SecureCookies(services) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    public static WebApplication MapConsole(this WebApplication app, RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseHubLocalization();
        app.UseSecurityHeaders();
        app.UseConsoleNotices();
        // After authentication (MapHub puts it before the rate limiter): the antiforgery check needs the user.
        app.UseAntiforgery();
        app.MapConsoleAssets();
        app.MapAccountEndpoints();
        app.MapPreferences();
        app.MapAlerts();
        app.MapLive();
        app.MapConsoleForms();
        app.MapRazorComponents<App>();
        api.MapConsoleApi();
        return app;
    }
}
