using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Webchat.Hub.Integrations;

namespace Webchat.Hub.Console.Accounts;

/// <summary>Accounts of employees: one per employee, the same e-mail, an Operator at least.</summary>
internal static class ConsoleAccounts
{
    /// <summary>The claim that carries the signed-in employee's id.</summary>
    public const string EmployeeClaim = "webchat:employee";

    public static async Task<ConsoleUser> EnsureAccountAsync(UserManager<ConsoleUser> users, Employee employee)
    {
        var user = await users.FindByEmailAsync(employee.Email);
        if (user is null)
        {
            user = new ConsoleUser { UserName = employee.Email, Email = employee.Email, EmailConfirmed = true, EmployeeId = employee.Id, LockoutEnabled = true };
            var created = await users.CreateAsync(user);
            if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
            {
                // Another hub created it at the same moment (see AccountSeeder): looking again finds it.
                throw new Storage.WriteConflictException($"Another hub created the account of {employee.Email} first.");
            }

            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"The account of {employee.Email} cannot be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }

        if (!await users.IsInRoleAsync(user, ConsoleRoles.Operator))
        {
            await users.AddToRoleAsync(user, ConsoleRoles.Operator);
        }

        return user;
    }

    /// <summary>The signed-in employee's id, from the sign-in cookie.</summary>
    public static int EmployeeId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(EmployeeClaim) ?? throw new InvalidOperationException("No employee is signed in."), System.Globalization.CultureInfo.InvariantCulture);

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? string.Empty;

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.IsInRole(ConsoleRoles.Administrator);
}

/// <summary>Puts the employee's id in the sign-in cookie, so pages need not look it up.</summary>
internal sealed class ConsoleClaimsFactory(
    UserManager<ConsoleUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<ConsoleUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConsoleUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ConsoleAccounts.EmployeeClaim, user.EmployeeId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}

/// <summary>A deactivated employee is not allowed to sign in (Identity asks before checking the password's result).</summary>
internal sealed class ActiveEmployeeConfirmation : IUserConfirmation<ConsoleUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<ConsoleUser> manager, ConsoleUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(!user.Deactivated);
    }
}
