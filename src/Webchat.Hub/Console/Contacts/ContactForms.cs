using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Console.TaskView;
using Webchat.Hub.Contacts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Operators;
using Webchat.Hub.Replies;
using Webchat.Hub.Storage;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.Contacts;

/// <summary>The contacts' forms: add one by hand, edit one, write first to one with a phone; through the operator API's own code.</summary>
internal static class ContactForms
{
    public static IEndpointRouteBuilder MapContactForms(this IEndpointRouteBuilder endpoints)
    {
        var contacts = endpoints.MapGroup("/contacts")
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription();
        contacts.MapPost("/create", CreateAsync).ChecksAntiforgery();
        contacts.MapPost("/{number:long}/edit", EditAsync).ChecksAntiforgery();
        contacts.MapPost("/{number:long}/write", WriteAsync).ChecksAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        [FromForm] string? integration,
        [FromForm] string? name,
        [FromForm] string? lastName,
        [FromForm] string? phone,
        [FromForm] string? email,
        HttpContext http,
        ContactEditor editor)
    {
        var result = await editor.CreateAsync(new NewContact(integration, name, lastName, phone, email), http.RequestAborted);
        return result.Status switch
        {
            ContactEditStatus.Done => ConsoleForms.Back(Page(result.Number), notice: T("The contact is added.")),
            ContactEditStatus.Invalid => ConsoleForms.Back("/contacts/new", error: Errors(result.Errors!)),
            _ => ConsoleForms.Back("/contacts/new", error: T("The store could not take the contact; try again.")),
        };
    }

    private static async Task<IResult> EditAsync(
        long number,
        [FromForm] string? name,
        [FromForm] string? lastName,
        [FromForm] string? phone,
        [FromForm] string? email,
        HttpContext http,
        ContactEditor editor)
    {
        // The form sends every field: an emptied one is cleared.
        var changes = new ContactChanges(name, lastName ?? "", phone ?? "", email ?? "");
        var result = await editor.UpdateAsync(number, changes, http.RequestAborted);
        return result.Status switch
        {
            ContactEditStatus.Done => ConsoleForms.Back(Page(number), notice: T("The contact is saved.")),
            ContactEditStatus.Invalid => ConsoleForms.Back(Page(number), error: Errors(result.Errors!)),
            ContactEditStatus.NotFound => ConsoleForms.Back("/contacts", error: T("There is no contact #{0}.", number)),
            _ => ConsoleForms.Back(Page(number), error: T("The store could not take the change; try again.")),
        };
    }

    private static string Page(long number) => string.Create(CultureInfo.InvariantCulture, $"/contacts/{number}");

    private static string Errors(IDictionary<string, string[]> errors) => Joined(errors);

    /// <summary>The protocol's first message, through the operator API's own path; the employee lands in the task it opened.</summary>
    private static async Task<IResult> WriteAsync(long number, HttpContext http, ReplyService replies, IntegrationRegistry registry)
    {
        var me = registry.FindEmployee(http.User.EmployeeId());
        var outcome = await replies.WriteToContactAsync(number, http.Request, me, http.RequestAborted);
        return outcome.Accepted is { } accepted
            ? ConsoleForms.Back(string.Create(CultureInfo.InvariantCulture, $"/tasks/{accepted.TaskNumber}"), notice: T("The message is on its way."))
            : ConsoleForms.Back(Page(number), error: TaskForms.Reason(outcome));
    }
}
