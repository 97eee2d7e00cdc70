using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Webchat.Hub.Localization;

namespace Webchat.Hub.Console.Accounts;

/// <summary>
/// An employee's own settings: the console's language, browser notifications and their sound. Kept as
/// claims of the employee's account (Identity's user claims), so they follow the employee to any
/// browser, and ride in the sign-in cookie, so no page looks them up.
/// </summary>
internal static class EmployeePreferences
{
    public const string LanguageClaim = "webchat:language";
    public const string NotifyClaim = "webchat:notify";
    public const string SoundClaim = "webchat:sound";

    private static readonly string[] Types = [LanguageClaim, NotifyClaim, SoundClaim];

    /// <summary>The language the employee chose, or null: the browser's then.</summary>
    public static string? Language(this ClaimsPrincipal user) => user.FindFirstValue(LanguageClaim);

    public static bool Notifies(this ClaimsPrincipal user) => user.HasClaim(NotifyClaim, "on");

    public static bool Sounds(this ClaimsPrincipal user) => user.HasClaim(SoundClaim, "on");

    public static IEndpointRouteBuilder MapPreferences(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/settings", SaveAsync)
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ChecksAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> SaveAsync(
        [FromForm] string? language,
        [FromForm] string? notify,
        [FromForm] string? sound,
        HttpContext http,
        UserManager<ConsoleUser> users,
        SignInManager<ConsoleUser> signIn)
    {
        // An unknown language is "the browser's": nothing from outside is stored as it came.
        var chosen = Languages.Find(language);
        if (await users.GetUserAsync(http.User) is not { } user)
        {
            return TypedResults.LocalRedirect("/signin");
        }

        var old = (await users.GetClaimsAsync(user)).Where(c => Types.Contains(c.Type)).ToList();
        if (old.Count > 0)
        {
            await users.RemoveClaimsAsync(user, old);
        }

        var fresh = new List<Claim>();
        if (chosen is not null)
        {
            fresh.Add(new Claim(LanguageClaim, chosen.Name));
        }

        if (notify == "on")
        {
            fresh.Add(new Claim(NotifyClaim, "on"));
        }

        if (sound == "on")
        {
            fresh.Add(new Claim(SoundClaim, "on"));
        }

        if (fresh.Count > 0)
        {
            await users.AddClaimsAsync(user, fresh);
        }

        // A new cookie with the new claims: the next page is already in the chosen language.
        await signIn.RefreshSignInAsync(user);
        // The answer is already in the language chosen now, not the one the request came in.
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.CurrentCulture = chosen ?? LocalizationSetup.BrowserCulture(http);

        return ConsoleForms.Back("/account/settings", notice: ConsoleText.T("Your settings are saved."));
    }
}
