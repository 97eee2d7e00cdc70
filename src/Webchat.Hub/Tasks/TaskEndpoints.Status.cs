using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Live;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Tasks;

/// <summary>The task API's status changes: complete and reopen.</summary>
public static partial class TaskEndpoints
{
    /// <summary><c>POST /api/tasks/{number}/{action}</c>: sets the task's status; doing it twice changes nothing.</summary>
    private static void MapStatusChange(RouteGroupBuilder tasks, string action, ChatTaskStatus status, string name, string summary) =>
        tasks.MapPost("/{number}/" + action, (long number, StoreWriter writes, HubEvents events, TimeProvider time, CancellationToken cancellationToken) =>
                SetStatusAsync(number, status, writes, events, time, cancellationToken))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription($"Idempotent: a task that is {status.ToString().ToLowerInvariant()} already stays as it is, and its state is answered.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    internal static async Task<Results<Ok<TaskState>, NotFoundProblem, ProblemHttpResult>> SetStatusAsync(
        long number,
        ChatTaskStatus status,
        StoreWriter writes,
        HubEvents events,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        (TaskState? State, long? ActiveTask) change;
        try
        {
            change = await writes.WriteAsync<(TaskState?, long?)>(async (db, ct) =>
            {
                var task = await db.Tasks.SingleOrDefaultAsync(t => t.Number == number, ct);
                if (task is null)
                {
                    return (null, null);
                }

                if (task.Status != status && status == ChatTaskStatus.Active && task.ChatId is { } chatId)
                {
                    // One active task per chat: a newer active task of the chat must be completed first.
                    var active = await db.Tasks
                        .Where(t => t.ChatId == chatId && t.Id != task.Id && t.Status == ChatTaskStatus.Active)
                        .Select(t => (long?)t.Number)
                        .FirstOrDefaultAsync(ct);
                    if (active is not null)
                    {
                        return (null, active);
                    }

                    // The reopened task is the chat's again: getTask names it and the contact's next message lands in it.
                    var chat = await db.Chats.SingleAsync(c => c.Id == chatId, ct);
                    chat.CurrentTaskId = task.Id;
                }

                // Only a change of status moves CompletedAt: completing twice keeps the first time.
                if (task.Status != status)
                {
                    task.Status = status;
                    task.CompletedAt = status == ChatTaskStatus.Completed ? time.GetUtcNow() : null;
                }

                return (new TaskState(task.Number, task.Status, task.CompletedAt), null);
            },
            changed =>
            {
                // Committed: open pages show the task's state.
                if (changed is (not null, _))
                {
                    events.Publish(new HubEvent(HubEventKind.TaskChanged, number));
                }
            },
            cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return TypedResults.Problem(
                "The store could not take the change; nothing was changed. Try again.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The store is unavailable");
        }

        if (change.State is { } state)
        {
            return TypedResults.Ok(state);
        }

        return change.ActiveTask is { } active
            ? TypedResults.Problem(
                string.Create(CultureInfo.InvariantCulture, $"Task #{active} of the same chat is active, and a chat has one active task: complete task #{active} first (POST /api/tasks/{active}/complete), then reopen this one."),
                statusCode: StatusCodes.Status409Conflict,
                title: "The chat has another active task")
            : TaskNotFound(number);
    }
}
