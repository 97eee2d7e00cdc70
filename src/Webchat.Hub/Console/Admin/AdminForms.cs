using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Delivery;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.Admin;

/// <summary>The administration pages' forms: employees, quick replies, delivery retries.</summary>
internal static class AdminForms
{
    private const string EmployeesPage = "/admin/employees";
    private const string QuickRepliesPage = "/admin/quick-replies";
    private const string DeliveriesPage = "/deliveries";

    public static IEndpointRouteBuilder MapAdminForms(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("")
            .RequireAuthorization(ConsoleSetup.AdministratorPolicy)
            .ExcludeFromDescription();
        admin.MapPost(EmployeesPage, AddEmployeeAsync).ChecksAntiforgery();
        admin.MapPost(EmployeesPage + "/{id:int}/invite", InviteAsync).ChecksAntiforgery();
        admin.MapPost(EmployeesPage + "/{id:int}/deactivate", (int id, EmployeeAdmin employees) => SetActiveAsync(id, false, employees)).ChecksAntiforgery();
        admin.MapPost(EmployeesPage + "/{id:int}/activate", (int id, EmployeeAdmin employees) => SetActiveAsync(id, true, employees)).ChecksAntiforgery();
        admin.MapPost(QuickRepliesPage, (HttpContext http, [FromForm] string? title, [FromForm] string? text, QuickReplies replies) =>
            SaveQuickReplyAsync(null, title, text, replies, http.RequestAborted)).ChecksAntiforgery();
        admin.MapPost(QuickRepliesPage + "/{id:int}", (int id, HttpContext http, [FromForm] string? title, [FromForm] string? text, QuickReplies replies) =>
            SaveQuickReplyAsync(id, title, text, replies, http.RequestAborted)).ChecksAntiforgery();
        admin.MapPost(QuickRepliesPage + "/{id:int}/delete", DeleteQuickReplyAsync).ChecksAntiforgery();
        admin.MapPost(DeliveriesPage + "/{id:long}/retry", RetryAsync).ChecksAntiforgery();
        admin.MapPost(DeliveriesPage + "/retry", RetryFailedAsync).ChecksAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> AddEmployeeAsync(
        [FromForm] string? email,
        [FromForm] string? name,
        [FromForm] string? lastName,
        [FromForm] string? administrator,
        HttpContext http,
        EmployeeAdmin employees)
    {
        var (invitation, errors) = await employees.AddAsync(new NewEmployee(email, name, lastName, administrator == "true"), EmployeeAdmin.BaseUrlOf(http.Request), http.RequestAborted);
        return invitation is null
            ? ConsoleForms.Back(EmployeesPage, error: Joined(errors))
            : ConsoleForms.Back(EmployeesPage, notice: T("{0} is added. Send them this one-time link to set a password: {1}", invitation.Email, invitation.Url));
    }

    private static async Task<IResult> InviteAsync(int id, HttpContext http, EmployeeAdmin employees) =>
        await employees.InviteAsync(id, EmployeeAdmin.BaseUrlOf(http.Request)) is { } invitation
            ? ConsoleForms.Back(EmployeesPage, notice: T("The password of {0} is reset. Send them this one-time link to set a new one: {1}", invitation.Email, invitation.Url))
            : ConsoleForms.Back(EmployeesPage, error: T("There is no such employee."));

    private static async Task<IResult> SetActiveAsync(int id, bool active, EmployeeAdmin employees) =>
        await employees.SetActiveAsync(id, active)
            ? ConsoleForms.Back(EmployeesPage, notice: active ? T("The employee is active again.") : T("The employee is deactivated: they are signed out and cannot sign in."))
            : ConsoleForms.Back(EmployeesPage, error: T("There is no such employee."));

    private static async Task<IResult> SaveQuickReplyAsync(int? id, string? title, string? text, QuickReplies replies, CancellationToken cancellationToken)
    {
        var request = new QuickReplyRequest(title, text);
        var errors = QuickReplies.Validate(request);
        if (errors.Count > 0)
        {
            return ConsoleForms.Back(QuickRepliesPage, error: Joined(errors));
        }

        return await replies.SaveAsync(id, request, cancellationToken) is null
            ? ConsoleForms.Back(QuickRepliesPage, error: id is null ? T("There are {0} quick replies already: delete one first.", QuickReplies.MaxCount) : T("There is no such quick reply."))
            : ConsoleForms.Back(QuickRepliesPage, notice: T("The quick reply is saved."));
    }

    private static async Task<IResult> DeleteQuickReplyAsync(int id, HttpContext http, QuickReplies replies) =>
        await replies.DeleteAsync(id, http.RequestAborted)
            ? ConsoleForms.Back(QuickRepliesPage, notice: T("The quick reply is deleted."))
            : ConsoleForms.Back(QuickRepliesPage, error: T("There is no such quick reply."));

    private static Task<IResult> RetryAsync(long id, HttpContext http, Outbox outbox) =>
        ConsoleForms.RetryAsync(outbox, id, DeliveriesPage, http.RequestAborted);

    private static async Task<IResult> RetryFailedAsync(
        [FromForm] string? integration,
        [FromForm] string? from,
        [FromForm] string? to,
        HttpContext http,
        IntegrationRegistry registry,
        Outbox outbox)
    {
        if (integration is null || registry.FindByProviderId(integration) is not { } found)
        {
            return ConsoleForms.Back(DeliveriesPage, error: T("Choose an integration."));
        }

        var start = ParseUtc(from);
        var end = ParseUtc(to);
        if (start >= end)
        {
            return ConsoleForms.Back(DeliveriesPage, error: T("'Written before' must be later than 'Written from'."));
        }

        try
        {
            var ids = await outbox.RetryFailedAsync(found.Id, start, end, http.RequestAborted);
            return ConsoleForms.Back(DeliveriesPage, notice: T("Failed deliveries of {1} sent again: {0}.", ids.Count, integration));
        }
        catch (StoreUnavailableException)
        {
            return ConsoleForms.Back(DeliveriesPage, error: T("The store could not take the change; nothing was changed. Try again."));
        }
    }

    /// <summary>A datetime-local field, read as UTC (the page says so); empty is no bound.</summary>
    private static DateTimeOffset? ParseUtc(string? value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;
}
