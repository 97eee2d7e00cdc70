using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Webchat.Hub.Labels;
using Webchat.Hub.Storage;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.Labels;

/// <summary>The console's label forms: a task's labels (every employee), and renaming or deleting a label everywhere (administrators).</summary>
internal static class LabelForms
{
    public const string AdminPage = "/admin/labels";

    public static IEndpointRouteBuilder MapLabelForms(this IEndpointRouteBuilder endpoints)
    {
        var task = endpoints.MapGroup("/tasks/{number:long}/labels")
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription();
        task.MapPost("/add", (long number, [FromForm] string? label, TaskLabelStore store, HttpContext http) =>
            ChangeAsync(number, label, store.AddAsync, http)).ChecksAntiforgery();
        task.MapPost("/remove", (long number, [FromForm] string? label, TaskLabelStore store, HttpContext http) =>
            ChangeAsync(number, label, store.RemoveAsync, http)).ChecksAntiforgery();

        var admin = endpoints.MapGroup(AdminPage)
            .RequireAuthorization(ConsoleSetup.AdministratorPolicy)
            .ExcludeFromDescription();
        admin.MapPost("/rename", RenameAsync).ChecksAntiforgery();
        admin.MapPost("/delete", DeleteAsync).ChecksAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ChangeAsync(long number, string? label, Func<long, string, CancellationToken, Task<LabelChange>> change, HttpContext http)
    {
        var page = string.Create(CultureInfo.InvariantCulture, $"/tasks/{number}");
        if (LabelText.Normalize(label, out var error) is not { } name)
        {
            return ConsoleForms.Back(page, error: T(error ?? ""));
        }

        try
        {
            return await change(number, name, http.RequestAborted) switch
            {
                LabelChange.Done => ConsoleForms.Back(page),
                LabelChange.TooMany => ConsoleForms.Back(page, error: T("A task carries at most {0} labels: remove one first.", LabelText.MaxPerTask)),
                _ => ConsoleForms.Back("/", error: T("There is no task #{0}.", number)),
            };
        }
        catch (StoreUnavailableException)
        {
            return ConsoleForms.Back(page, error: T("The store could not take the change; try again."));
        }
    }

    private static async Task<IResult> RenameAsync([FromForm] string? label, [FromForm] string? name, TaskLabelStore store, HttpContext http)
    {
        var from = LabelText.Normalize(label, out _);
        var to = LabelText.Normalize(name, out var error);
        if (from is null || to is null)
        {
            return ConsoleForms.Back(AdminPage, error: T(error ?? "Choose a label."));
        }

        return await StoredAsync(async () => await store.RenameAsync(from, to, http.RequestAborted) > 0
            ? ConsoleForms.Back(AdminPage, notice: T("'{0}' is now '{1}' on every task.", from, to))
            : ConsoleForms.Back(AdminPage, error: T("No task carries the label '{0}'.", from)));
    }

    private static async Task<IResult> DeleteAsync([FromForm] string? label, TaskLabelStore store, HttpContext http)
    {
        if (LabelText.Normalize(label, out _) is not { } name)
        {
            return ConsoleForms.Back(AdminPage, error: T("Choose a label."));
        }

        return await StoredAsync(async () => await store.DeleteAsync(name, http.RequestAborted) is var count and > 0
            ? ConsoleForms.Back(AdminPage, notice: T("'{0}' is taken off tasks: {1}.", name, count))
            : ConsoleForms.Back(AdminPage, error: T("No task carries the label '{0}'.", name)));
    }

    private static async Task<IResult> StoredAsync(Func<Task<IResult>> change)
    {
        try
        {
            return await change();
        }
        catch (StoreUnavailableException)
        {
            return ConsoleForms.Back(AdminPage, error: T("The store could not take the change; nothing was changed. Try again."));
        }
    }
}
