using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Admin;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Integrations;
using Webchat.Hub.Messages;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console.Api;

/// <summary>
/// The console's actions in the operator API (<c>/api</c>, API keys): assignment, read markers and
/// unread counts, quick replies, employees. An API key acts for no one, so each call names the employee.
/// </summary>
internal static class ConsoleApi
{
    private const int MaxUnreadTasks = 100;

    public static RouteGroupBuilder MapConsoleApi(this RouteGroupBuilder api)
    {
        api.MapPut("/tasks/{number}/assignee", AssignAsync)
            .WithName("AssignTask").WithSummary("Assigns a task to an employee").WithTags("Console");
        api.MapDelete("/tasks/{number}/assignee", UnassignAsync)
            .WithName("UnassignTask").WithSummary("Leaves a task unassigned").WithTags("Console");
        api.MapPost("/tasks/{number}/read", MarkReadAsync)
            .WithName("MarkTaskRead").WithSummary("Marks every message of a task read for an employee").WithTags("Console");
        api.MapGet("/unread", UnreadAsync)
            .WithName("ListUnread").WithSummary("Tasks with messages an employee has not read, newest first (at most 100)").WithTags("Console");

        var replies = api.MapGroup("/quick-replies").WithTags("Console");
        replies.MapGet("/", (QuickReplies quick, CancellationToken ct) => quick.ListAsync(ct))
            .WithName("ListQuickReplies").WithSummary("Lists the saved answers");
        replies.MapPost("/", (QuickReplyRequest request, QuickReplies quick, CancellationToken ct) => SaveQuickReplyAsync(null, request, quick, ct))
            .WithName("CreateQuickReply").WithSummary("Saves a new answer");
        replies.MapPut("/{id}", (int id, QuickReplyRequest request, QuickReplies quick, CancellationToken ct) => SaveQuickReplyAsync(id, request, quick, ct))
            .WithName("UpdateQuickReply").WithSummary("Changes a saved answer");
        replies.MapDelete("/{id}", DeleteQuickReplyAsync)
            .WithName("DeleteQuickReply").WithSummary("Deletes a saved answer");

        // An operator key must not make administrators or take over their accounts: administrators' keys only.
        var employees = api.MapGroup("/employees").WithTags("Console")
            .RequireAuthorization(OperatorApi.AdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        employees.MapGet("/", (EmployeeAdmin admin, CancellationToken ct) => admin.ListAsync(ct))
            .WithName("ListEmployees").WithSummary("Lists employees and their console accounts");
        employees.MapPost("/", AddEmployeeAsync)
            .WithName("AddEmployee").WithSummary("Adds an employee and answers a one-time link to set their password");
        employees.MapPost("/{id}/invitation", InviteAsync)
            .WithName("InviteEmployee").WithSummary("Resets an employee's password: answers a new one-time link to set it");
        employees.MapPost("/{id}/deactivate", (int id, EmployeeAdmin admin) => SetActiveAsync(id, false, admin))
            .WithName("DeactivateEmployee").WithSummary("Deactivates an employee: their sessions end and sign-in is refused");
        employees.MapPost("/{id}/activate", (int id, EmployeeAdmin admin) => SetActiveAsync(id, true, admin))
            .WithName("ActivateEmployee").WithSummary("Activates an employee again");
        return api;
    }

    private static async Task<Results<Ok<TaskAssigneeView>, ValidationProblem, NotFoundProblem>> AssignAsync(
        long number, EmployeeRef body, IntegrationRegistry registry, TaskWork work, CancellationToken cancellationToken)
    {
        if (registry.FindEmployee(body?.EmployeeEmail) is not { } employee)
        {
            return UnknownEmployee(body?.EmployeeEmail);
        }

        return await work.AssignAsync(number, employee.Id, cancellationToken) == AssignOutcome.Done
            ? TypedResults.Ok(new TaskAssigneeView(number, employee.Email))
            : NoSuchTask(number);
    }

    private static async Task<Results<Ok<TaskAssigneeView>, NotFoundProblem>> UnassignAsync(long number, TaskWork work, CancellationToken cancellationToken) =>
        await work.AssignAsync(number, null, cancellationToken) == AssignOutcome.Done
            ? TypedResults.Ok(new TaskAssigneeView(number, null))
            : NoSuchTask(number);

    private static async Task<Results<Ok<TaskReadView>, ValidationProblem, NotFoundProblem>> MarkReadAsync(
        long number, EmployeeRef body, IntegrationRegistry registry, TaskWork work, CancellationToken cancellationToken)
    {
        if (registry.FindEmployee(body?.EmployeeEmail) is not { } employee)
        {
            return UnknownEmployee(body?.EmployeeEmail);
        }

        return await work.MarkReadAsync(number, employee.Id, cancellationToken) is { } unread
            ? TypedResults.Ok(new TaskReadView(number, unread))
            : NoSuchTask(number);
    }

    private static async Task<Results<Ok<List<UnreadTask>>, ValidationProblem>> UnreadAsync(
        [Description("The e-mail of the employee.")] string? employee,
        IntegrationRegistry registry,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        if (registry.FindEmployee(employee) is not { } found)
        {
            return UnknownEmployee(employee);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking()
            .Select(t => new
            {
                t.Number,
                Unread = db.Messages.Count(m => m.TaskId == t.Id && m.Direction == MessageDirection.FromContact
                    && m.Id > (db.TaskReads.Where(r => r.TaskId == t.Id && r.EmployeeId == found.Id).Select(r => (long?)r.LastReadMessageId).FirstOrDefault() ?? 0)),
            })
            .Where(t => t.Unread > 0)
            .OrderByDescending(t => t.Number)
            .Take(MaxUnreadTasks)
            .Select(t => new UnreadTask(t.Number, t.Unread))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(tasks);
    }

    private static async Task<Results<Ok<QuickReplyView>, ValidationProblem, ProblemHttpResult>> SaveQuickReplyAsync(
        int? id, QuickReplyRequest request, QuickReplies quick, CancellationToken cancellationToken)
    {
        var errors = QuickReplies.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The quick reply is not valid");
        }

        return await quick.SaveAsync(id, request, cancellationToken) is { } saved
            ? TypedResults.Ok(saved)
            : id is null
                ? TypedResults.Problem($"There are {QuickReplies.MaxCount} quick replies already: delete one first.", statusCode: StatusCodes.Status409Conflict, title: "Too many quick replies")
                : TypedResults.Problem($"There is no quick reply {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such quick reply");
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteQuickReplyAsync(int id, QuickReplies quick, CancellationToken cancellationToken) =>
        await quick.DeleteAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : new NotFoundProblem("No such quick reply", $"There is no quick reply {id}.");

    private static async Task<Results<Ok<Invitation>, ValidationProblem>> AddEmployeeAsync(NewEmployee body, HttpContext http, EmployeeAdmin admin)
    {
        var (invitation, errors) = await admin.AddAsync(body, EmployeeAdmin.BaseUrlOf(http.Request), http.RequestAborted);
        return invitation is null ? TypedResults.ValidationProblem(errors, title: "The employee cannot be added") : TypedResults.Ok(invitation);
    }

    private static async Task<Results<Ok<Invitation>, NotFoundProblem>> InviteAsync(int id, HttpContext http, EmployeeAdmin admin) =>
        await admin.InviteAsync(id, EmployeeAdmin.BaseUrlOf(http.Request)) is { } invitation ? TypedResults.Ok(invitation) : NoSuchEmployee(id);

    private static async Task<Results<NoContent, NotFoundProblem>> SetActiveAsync(int id, bool active, EmployeeAdmin admin) =>
        await admin.SetActiveAsync(id, active) ? TypedResults.NoContent() : NoSuchEmployee(id);

    private static ValidationProblem UnknownEmployee(string? email) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["employeeEmail"] = [$"'{email}' is not the e-mail of an employee."] },
        title: "No such employee");

    private static NotFoundProblem NoSuchTask(long number) => new("No such task", $"There is no task number {number}.");

    private static NotFoundProblem NoSuchEmployee(int id) => new("No such employee", $"There is no employee {id}.");

}
