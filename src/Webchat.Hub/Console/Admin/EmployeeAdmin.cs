using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console.Admin;

/// <summary>An employee and their console account, as administrators see them.</summary>
public sealed record EmployeeAccount(int Id, string Email, string Name, string? LastName, bool Administrator, bool Active, bool HasPassword, bool LockedOut);

/// <summary>An employee to add.</summary>
public sealed record NewEmployee(string? Email, string? Name, string? LastName, bool Administrator);

/// <summary>A one-time link that lets an employee set their password.</summary>
public sealed record Invitation(string Email, string Url);

/// <summary>What an administrator does with employees: add, invite, reset, deactivate.</summary>
internal sealed class EmployeeAdmin(
    UserManager<ConsoleUser> users,
    StoreWriter writes,
    IntegrationRegistry registry,
    TimeProvider time)
{
    private const int MaxNameLength = 255;

    public async Task<IReadOnlyList<EmployeeAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = await users.Users.AsNoTracking().ToDictionaryAsync(u => u.EmployeeId, cancellationToken);
        var admins = (await users.GetUsersInRoleAsync(ConsoleRoles.Administrator)).Select(u => u.EmployeeId).ToHashSet();
        var now = time.GetUtcNow();
        return [.. registry.Employees.OrderBy(e => e.Name, StringComparer.CurrentCulture).Select(e =>
        {
            var account = accounts.GetValueOrDefault(e.Id);
            return new EmployeeAccount(
                e.Id,
                e.Email,
                e.Name,
                e.LastName,
                admins.Contains(e.Id),
                account is { Deactivated: false },
                account?.PasswordHash is not null,
                account?.LockoutEnd > now);
        })];
    }

    /// <summary>Adds an employee with an account and answers the link to set their password; or the field errors.</summary>
    public async Task<(Invitation? Invitation, Dictionary<string, string[]> Errors)> AddAsync(NewEmployee request, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var email = request.Email?.Trim() ?? string.Empty;
        var name = request.Name?.Trim() ?? string.Empty;
        var lastName = string.IsNullOrWhiteSpace(request.LastName) ? null : request.LastName.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Length > MaxNameLength)
        {
            errors["email"] = ["An e-mail address is required."];
        }
        else if (registry.FindEmployee(email) is not null)
        {
            errors["email"] = [$"{email} is an employee already."];
        }

        if (name.Length is 0 or > MaxNameLength || lastName?.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var employee = await writes.WriteAsync(async (db, ct) =>
        {
            var row = new Employee { Email = email, Name = name, LastName = lastName };
            db.Employees.Add(row);
            await db.SaveChangesAsync(ct);
            return row;
        }, cancellationToken);
        registry.AddEmployee(employee);
        var user = await ConsoleAccounts.EnsureAccountAsync(users, employee);
        if (request.Administrator)
        {
            await users.AddToRoleAsync(user, ConsoleRoles.Administrator);
        }

        return (await InvitationAsync(user, baseUrl), errors);
    }

    /// <summary>
    /// A new one-time link to set a password. The old password stops working at once, and every
    /// session of the employee ends: this is also how a password is reset.
    /// </summary>
    public async Task<Invitation?> InviteAsync(int employeeId, Uri baseUrl)
    {
        var user = await users.Users.SingleOrDefaultAsync(u => u.EmployeeId == employeeId);
        if (user is null)
        {
            return null;
        }

        if (await users.HasPasswordAsync(user))
        {
            await users.RemovePasswordAsync(user);
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return await InvitationAsync(user, baseUrl);
    }

    /// <summary>Deactivates (the employee's sessions end, sign-in is refused) or activates again; false when there is no such employee.</summary>
    public async Task<bool> SetActiveAsync(int employeeId, bool active)
    {
        var user = await users.Users.SingleOrDefaultAsync(u => u.EmployeeId == employeeId);
        if (user is null)
        {
            return false;
        }

        user.Deactivated = !active;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        return true;
    }

    /// <summary>
    /// Where invitation links point: <c>Hub:PublicUrl</c>, never the request's Host header, which whoever
    /// reaches the hub chooses. Only in Development, where it may be unset, the address of the request.
    /// </summary>
    public static Uri BaseUrlOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestServices.GetRequiredService<IOptions<Configuration.HubOptions>>().Value.PublicUrl
            ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
    }

    private async Task<Invitation> InvitationAsync(ConsoleUser user, Uri baseUrl)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl.AbsoluteUri.TrimEnd('/')}/account/password?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}");
        return new Invitation(user.Email!, url);
    }
}
