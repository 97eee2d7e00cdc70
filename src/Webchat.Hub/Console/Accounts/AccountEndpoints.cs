using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.Accounts;

/// <summary>Signing in and out, and setting a password from an invitation link.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription().ChecksAntiforgery();
        account.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimit.PolicyName);
        account.MapPost("/password", SetPasswordAsync).AllowAnonymous();
        account.MapPost("/signout", SignOutAsync).RequireAuthorization(ConsoleSetup.EmployeePolicy);
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] string? email,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignInManager<ConsoleUser> signIn)
    {
        var back = IsLocal(returnUrl) ? returnUrl! : "/";
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return Refused("invalid", back);
        }

        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        // One answer for every refusal (wrong password, unknown, locked or deactivated account): it tells nothing to someone without the password.
        return result.Succeeded ? TypedResults.LocalRedirect(back) : Refused("invalid", back);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SignInManager<ConsoleUser> signIn)
    {
        // A new security stamp ends the session on the server: a copy of the cookie stops working at the next check.
        if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/signin?notice=signedout");
    }

    private static async Task<IResult> SetPasswordAsync(
        [FromForm] string? user,
        [FromForm] string? token,
        [FromForm] string? password,
        UserManager<ConsoleUser> users)
    {
        var again = $"/account/password?user={Uri.EscapeDataString(user ?? "")}&token={Uri.EscapeDataString(token ?? "")}";
        var account = user is null ? null : await users.FindByIdAsync(user);
        if (account is null || token is null)
        {
            return ConsoleForms.Back("/account/password", error: T("This link is not valid. Ask an administrator for a new one."));
        }

        var result = await users.ResetPasswordAsync(account, token, password ?? string.Empty);
        if (!result.Succeeded)
        {
            var invalidToken = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            return invalidToken
                ? ConsoleForms.Back("/account/password", error: T("This link was used already or has expired. Ask an administrator for a new one."))
                : ConsoleForms.Back(again, error: string.Join(" ", result.Errors.Select(e => T(e.Description))));
        }

        await users.ResetAccessFailedCountAsync(account);
        await users.SetLockoutEndDateAsync(account, null);
        return TypedResults.LocalRedirect("/signin?notice=password");
    }

    private static RedirectHttpResult Refused(string error, string back) =>
        TypedResults.LocalRedirect($"/signin?error={error}&ReturnUrl={Uri.EscapeDataString(back)}");

    /// <summary>Only a path on the hub itself: a sign-in link must not send anyone elsewhere.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
