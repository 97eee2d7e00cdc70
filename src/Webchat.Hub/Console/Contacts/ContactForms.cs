using System.Globalization;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Console.TaskView;
using Webchat.Hub.Integrations;
using Webchat.Hub.Replies;

namespace Webchat.Hub.Console.Contacts;

/// <summary>The contact page's forms: write first to a contact with a phone.</summary>
internal static class ContactForms
{
    public static IEndpointRouteBuilder MapContactForms(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/contacts/{number:long}/write", WriteAsync)
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription()
            .ChecksAntiforgery();
        return endpoints;
    }

    /// <summary>The protocol's first message, through the operator API's own path; the employee lands in the task it opened.</summary>
    private static async Task<IResult> WriteAsync(long number, HttpContext http, ReplyService replies, IntegrationRegistry registry)
    {
        var me = registry.FindEmployee(http.User.EmployeeId());
        var outcome = await replies.WriteToContactAsync(number, http.Request, me, http.RequestAborted);
        return outcome.Accepted is { } accepted
            ? ConsoleForms.Back(string.Create(CultureInfo.InvariantCulture, $"/tasks/{accepted.TaskNumber}"), notice: "The message is on its way.")
            : ConsoleForms.Back(string.Create(CultureInfo.InvariantCulture, $"/contacts/{number}"), error: TaskForms.Reason(outcome));
    }
}
