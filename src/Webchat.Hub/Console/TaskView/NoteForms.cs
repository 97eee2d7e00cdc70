using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Notes;
using Webchat.Hub.Storage;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.TaskView;

/// <summary>The reply box's Note side: the signed-in employee's private note, through the operator API's own service.</summary>
internal static class NoteForms
{
    public static IEndpointRouteBuilder MapNoteForms(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tasks/{number:long}/note", AddAsync)
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription()
            .ChecksAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> AddAsync(long number, [FromForm] string? text, HttpContext http, NoteService notes, IntegrationRegistry registry)
    {
        var page = string.Create(CultureInfo.InvariantCulture, $"/tasks/{number}");
        if (http.Request.Form.Files.Any(f => f.Length > 0))
        {
            return ConsoleForms.Back(page, error: T("A private note carries no files: switch to the reply to send them."));
        }

        try
        {
            var outcome = await notes.AddAsync(number, text, registry.FindEmployee(http.User.EmployeeId())?.Email, http.RequestAborted);
            return outcome switch
            {
                { Added: not null } => ConsoleForms.Back(page, notice: T("The note is added.")),
                { Errors: { } errors } => ConsoleForms.Back(page, error: Joined(errors)),
                _ => ConsoleForms.Back("/", error: T("There is no task #{0}.", number)),
            };
        }
        catch (StoreUnavailableException)
        {
            return ConsoleForms.Back(page, error: T("The store could not take the note; look in the task before adding it again."));
        }
    }
}
