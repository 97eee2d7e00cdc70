using Microsoft.AspNetCore.Identity;

namespace Webchat.Hub.Console.Accounts;

/// <summary>An employee's console account: Identity's user (e-mail, password hash, lockout) tied to the <see cref="Integrations.Employee"/> row.</summary>
public sealed class ConsoleUser : IdentityUser
{
    public int EmployeeId { get; set; }

    /// <summary>A deactivated employee cannot sign in, and their open sessions end at the next check.</summary>
    public bool Deactivated { get; set; }
}

/// <summary>The console's roles.</summary>
public static class ConsoleRoles
{
    public const string Administrator = "Administrator";
    public const string Operator = "Operator";

    public static readonly string[] All = [Administrator, Operator];
}
