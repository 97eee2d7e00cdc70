using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Console;

/// <summary><c>Hub:Console</c>: the operator console's first administrator.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Hub:Console";

    public const int MinPasswordLength = 12;

    /// <summary>The e-mail of an employee of <c>Hub:Employees</c> who is the console's administrator.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>Becomes the administrator's password at start, only while they have none: the way in on a fresh install.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>Checks <c>Hub:Console</c> at start, naming each bad setting.</summary>
public sealed class ConsoleOptionsValidator(IOptions<HubOptions> hub) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AdminEmail is { } email && !hub.Value.Employees.Exists(e => string.Equals(e.Email, email, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{ConsoleOptions.SectionName}:AdminEmail must name one of Hub:Employees ('{email}' is none of them).");
        }

        if (options.AdminPassword is { } password)
        {
            if (options.AdminEmail is null)
            {
                failures.Add($"{ConsoleOptions.SectionName}:AdminPassword is set without {ConsoleOptions.SectionName}:AdminEmail: name the administrator too.");
            }

            if (password.Length < ConsoleOptions.MinPasswordLength)
            {
                failures.Add($"{ConsoleOptions.SectionName}:AdminPassword must be at least {ConsoleOptions.MinPasswordLength} characters long.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
