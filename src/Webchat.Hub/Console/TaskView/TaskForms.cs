using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Delivery;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Replies;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Uploads;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.TaskView;

/// <summary>The task page's forms: reply, take or transfer, complete or reopen, retry a failed delivery.</summary>
internal static class TaskForms
{
    public static IEndpointRouteBuilder MapTaskForms(this IEndpointRouteBuilder endpoints)
    {
        var task = endpoints.MapGroup("/tasks/{number:long}")
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription();
        task.MapPost("/reply", ReplyAsync)
            .AddEndpointFilter(AllowUploads)
            .ChecksAntiforgery();
        task.MapPost("/assign", AssignAsync).ChecksAntiforgery();
        task.MapPost("/complete", (long number, StoreWriter writes, HubEvents events, TimeProvider time, HttpContext http) =>
            SetStatusAsync(number, ChatTaskStatus.Completed, writes, events, time, http)).ChecksAntiforgery();
        task.MapPost("/reopen", (long number, StoreWriter writes, HubEvents events, TimeProvider time, HttpContext http) =>
            SetStatusAsync(number, ChatTaskStatus.Active, writes, events, time, http)).ChecksAntiforgery();
        task.MapPost("/retry", RetryAsync).ChecksAntiforgery();
        return endpoints;
    }

    /// <summary>A reply's files may be as large as Hub:Uploads allows, as through the API.</summary>
    private static ValueTask<object?> AllowUploads(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var uploads = http.RequestServices.GetRequiredService<UploadStore>();
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = (uploads.MaxFiles * uploads.MaxFileBytes) + (1024 * 1024);
        }

        return next(context);
    }

    private static async Task<IResult> ReplyAsync(long number, HttpContext http, ReplyService replies, IntegrationRegistry registry)
    {
        var me = registry.FindEmployee(http.User.EmployeeId());
        var outcome = await replies.ReplyToTaskAsync(number, http.Request, me, http.RequestAborted);
        return outcome.Accepted is not null
            ? ConsoleForms.Back(Page(number))
            : ConsoleForms.Back(Page(number), error: Reason(outcome));
    }

    private static async Task<IResult> AssignAsync(long number, [FromForm] string? employee, HttpContext http, TaskWork work)
    {
        int? employeeId = int.TryParse(employee, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return await work.AssignAsync(number, employeeId, http.RequestAborted) switch
        {
            AssignOutcome.Done => ConsoleForms.Back(Page(number), notice: employeeId is null ? T("The task is unassigned.") : T("The task is assigned.")),
            AssignOutcome.NoSuchEmployee => ConsoleForms.Back(Page(number), error: T("There is no such employee.")),
            _ => ConsoleForms.Back("/", error: T("There is no task #{0}.", number)),
        };
    }

    private static async Task<IResult> SetStatusAsync(long number, ChatTaskStatus status, StoreWriter writes, HubEvents events, TimeProvider time, HttpContext http)
    {
        var result = await TaskEndpoints.SetStatusAsync(number, status, writes, events, time, http.RequestAborted);
        return result.Result is Microsoft.AspNetCore.Http.HttpResults.Ok<TaskState>
            ? ConsoleForms.Back(Page(number), notice: status == ChatTaskStatus.Completed ? T("The task is completed.") : T("The task is reopened."))
            : ConsoleForms.Back(Page(number), error: T("The task could not be changed; try again."));
    }

    /// <summary>Retries a delivery of this task's messages only: the task page's Retry is no way to any other delivery.</summary>
    private static async Task<IResult> RetryAsync(long number, [FromForm] long delivery, HttpContext http, Outbox outbox, IDbContextFactory<HubDbContext> contexts)
    {
        await using (var db = await contexts.CreateDbContextAsync(http.RequestAborted))
        {
            var ofTask = await db.Deliveries.AnyAsync(
                d => d.Id == delivery && db.Messages.Any(m => m.Id == d.MessageId && db.Tasks.Any(t => t.Id == m.TaskId && t.Number == number)),
                http.RequestAborted);
            if (!ofTask)
            {
                return ConsoleForms.Back(Page(number), error: T("There is no delivery {0} of this task.", delivery));
            }
        }

        return await ConsoleForms.RetryAsync(outbox, delivery, Page(number), http.RequestAborted);
    }

    private static string Page(long number) => string.Create(CultureInfo.InvariantCulture, $"/tasks/{number}");

    /// <summary>Why a reply was refused, in one line for the page.</summary>
    internal static string Reason(ReplyOutcome outcome) =>
        outcome.Errors is { } errors ? Joined(errors) : T(outcome.Detail ?? outcome.Title);
}
