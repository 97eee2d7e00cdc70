using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console.Accounts;

/// <summary>
/// At start, after the store is migrated and before the hub answers (an <see cref="IStoreSeed"/>): every employee gets a console account (an Operator), the
/// configured administrator gets the Administrator role, and <c>Hub:Console:AdminPassword</c> while
/// they have no password yet.
/// </summary>
internal sealed partial class AccountSeeder(
    IServiceScopeFactory scopes,
    IOptions<HubOptions> hub,
    IOptions<ConsoleOptions> console,
    ILogger<AccountSeeder> logger) : IStoreSeed
{
    /// <summary>Runs once the store is migrated and seeded (see <see cref="StoreInitializer"/>); requests wait for it.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SeedAccountsAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (attempt < WriteConflicts.MaxRetries && WriteConflicts.IsConflict(exception))
            {
                // Hubs started together on one database seed at once: the loser looks again and finds the winner's rows.
                LogSeedRace(logger, exception.Message);
            }
        }
    }

    private async Task SeedAccountsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<HubDbContext>();
        var users = services.GetRequiredService<UserManager<ConsoleUser>>();
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in ConsoleRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }

        var employees = await db.Employees.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var employee in employees)
        {
            await ConsoleAccounts.EnsureAccountAsync(users, employee);
        }

        if (console.Value.AdminEmail is { } adminEmail && await users.FindByEmailAsync(adminEmail) is { } admin)
        {
            if (!await users.IsInRoleAsync(admin, ConsoleRoles.Administrator))
            {
                Check(await users.AddToRoleAsync(admin, ConsoleRoles.Administrator), adminEmail);
            }

            if (console.Value.AdminPassword is { } password && !await users.HasPasswordAsync(admin))
            {
                Check(await users.AddPasswordAsync(admin, password), adminEmail);
                LogAdminPasswordSet(logger, adminEmail);
            }
        }

        LogReady(logger, employees.Count, hub.Value.Employees.Count);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.ConcurrencyFailure) or nameof(IdentityErrorDescriber.DuplicateRoleName)))
        {
            throw new WriteConflictException($"Another hub changed the console account of '{what}' first.");
        }

        if (!result.Succeeded)
        {
            throw new HubConfigurationException($"The console account of '{what}' cannot be set up: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The administrator {Email} got the password from Hub:Console:AdminPassword")]
    private static partial void LogAdminPasswordSet(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another hub set up console accounts at the same moment; looking again: {Reason}")]
    private static partial void LogSeedRace(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console accounts ready: {Employees} employees ({Configured} configured)")]
    private static partial void LogReady(ILogger logger, int employees, int configured);
}
