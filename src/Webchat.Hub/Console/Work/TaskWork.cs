using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console.Work;

/// <summary>What assigning a task came to.</summary>
internal enum AssignOutcome
{
    Done,
    NoSuchTask,
    NoSuchEmployee,
}

/// <summary>An employee's work on tasks: who a task is assigned to, and how far each employee has read it.</summary>
internal sealed class TaskWork(
    StoreWriter writes,
    IDbContextFactory<HubDbContext> contexts,
    IntegrationRegistry registry,
    HubEvents events,
    TimeProvider time)
{
    /// <summary>Assigns task <paramref name="number"/> to <paramref name="employeeId"/>, or unassigns it when null.</summary>
    public async Task<AssignOutcome> AssignAsync(long number, int? employeeId, CancellationToken cancellationToken)
    {
        if (employeeId is { } id && registry.FindEmployee(id) is null)
        {
            return AssignOutcome.NoSuchEmployee;
        }

        var found = await writes.WriteAsync(async (db, ct) =>
        {
            var taskId = await db.Tasks.Where(t => t.Number == number).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
            if (taskId is null)
            {
                return false;
            }

            var row = await db.TaskAssignments.SingleOrDefaultAsync(a => a.TaskId == taskId, ct);
            if (employeeId is null)
            {
                if (row is not null)
                {
                    db.TaskAssignments.Remove(row);
                }
            }
            else if (row is null)
            {
                db.TaskAssignments.Add(new TaskAssignment { TaskId = taskId.Value, EmployeeId = employeeId.Value, AssignedAt = time.GetUtcNow() });
            }
            else if (row.EmployeeId != employeeId)
            {
                row.EmployeeId = employeeId.Value;
                row.AssignedAt = time.GetUtcNow();
            }

            return true;
        },
        assigned =>
        {
            // Committed: open pages show who has the task.
            if (assigned)
            {
                events.Publish(new HubEvent(HubEventKind.TaskChanged, number));
            }
        },
        cancellationToken);
        return found ? AssignOutcome.Done : AssignOutcome.NoSuchTask;
    }

    /// <summary>
    /// Marks every message of task <paramref name="number"/> read for <paramref name="employeeId"/>.
    /// Answers the unread count before, or null when there is no such task. Writes only when something was unread.
    /// </summary>
    public async Task<int?> MarkReadAsync(long number, int employeeId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.Tasks.AsNoTracking()
            .Where(t => t.Number == number)
            .Select(t => new
            {
                t.Id,
                LastId = db.Messages.Where(m => m.TaskId == t.Id).Max(m => (long?)m.Id),
                Read = db.TaskReads.Where(r => r.TaskId == t.Id && r.EmployeeId == employeeId).Select(r => (long?)r.LastReadMessageId).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            return null;
        }

        if (state.LastId is not { } lastId || lastId <= (state.Read ?? 0))
        {
            return 0;
        }

        var unread = await db.Messages.CountAsync(m => m.TaskId == state.Id && m.Direction == MessageDirection.FromContact && m.Id > (state.Read ?? 0), cancellationToken);
        await writes.WriteAsync(async (db, ct) =>
        {
            var row = await db.TaskReads.SingleOrDefaultAsync(r => r.EmployeeId == employeeId && r.TaskId == state.Id, ct);
            if (row is null)
            {
                db.TaskReads.Add(new TaskRead { EmployeeId = employeeId, TaskId = state.Id, LastReadMessageId = lastId });
            }
            else if (row.LastReadMessageId < lastId)
            {
                row.LastReadMessageId = lastId;
            }

            return true;
        },
        // Committed: the employee's unread counts shown elsewhere (the inbox in another tab) drop; nobody else's
        // change, so other employees' pages are not refreshed for it (see LiveEndpoints).
        _ => events.Publish(new HubEvent(HubEventKind.TaskRead, number, EmployeeId: employeeId)),
        cancellationToken);
        return unread;
    }
}
