using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Webchat.Hub.Labels;
using Webchat.Hub.Storage;

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
            return ConsoleForms.Back(page, error: error);
        }

        try
        {
            return await change(number, name, http.RequestAborted) switch
            {
                LabelChange.Done => ConsoleForms.Back(page),
                LabelChange.TooMany => ConsoleForms.Back(page, error: $"A task carries at most {LabelText.MaxPerTask} labels: remove one first."),
                _ => ConsoleForms.Back("/", error: $"There is no task #{number}."),
            };
        }
        catch (StoreUnavailableException)
        {
            return ConsoleForms.Back(page, error: "The store could not take the change; try again.");
        }
    }

    private static async Task<IResult> RenameAsync([FromForm] string? label, [FromForm] string? name, TaskLabelStore store, HttpContext http)
    {
        var from = LabelText.Normalize(label, out _);
        var to = LabelText.Normalize(name, out var error);
        if (from is null || to is null)
        {
            return ConsoleForms.Back(AdminPage, error: error ?? "Choose a label.");
        }

        return await StoredAsync(async () => await store.RenameAsync(from, to, http.RequestAborted) > 0
            ? ConsoleForms.Back(AdminPage, notice: $"'{from}' is now '{to}' on every task.")
            : ConsoleForms.Back(AdminPage, error: $"No task carries the label '{from}'."));
    }

    private static async Task<IResult> DeleteAsync([FromForm] string? label, TaskLabelStore store, HttpContext http)
    {
        if (LabelText.Normalize(label, out _) is not { } name)
        {
            return ConsoleForms.Back(AdminPage, error: "Choose a label.");
        }

        return await StoredAsync(async () => await store.DeleteAsync(name, http.RequestAborted) is var count and > 0
            ? ConsoleForms.Back(AdminPage, notice: $"'{name}' is taken off {count} task(s).")
            : ConsoleForms.Back(AdminPage, error: $"No task carries the label '{name}'."));
    }

    private static async Task<IResult> StoredAsync(Func<Task<IResult>> change)
    {
        try
        {
            return await change();
        }
        catch (StoreUnavailableException)
        {
            return ConsoleForms.Back(AdminPage, error: "The store could not take the change; nothing was changed. Try again.");
        }
    }
}
