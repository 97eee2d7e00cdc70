using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Live;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Labels;

/// <summary>Reads and changes tasks' labels, for the operator API and the console alike. Every change goes through the store's writer.</summary>
public sealed class TaskLabelStore(StoreWriter writes, IDbContextFactory<HubDbContext> contexts, HubEvents events)
{
    /// <summary>The most labels a list of labels in use answers.</summary>
    public const int MaxListed = 500;

    /// <summary>Gives task <paramref name="number"/> exactly <paramref name="labels"/> (already normalized); null when there is no such task.</summary>
    public async Task<TaskLabels?> SetAsync(long number, IReadOnlyCollection<string> labels, CancellationToken cancellationToken)
    {
        var result = await writes.WriteAsync(async (db, ct) =>
        {
            var taskId = await db.Tasks.Where(t => t.Number == number).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
            if (taskId is not { } id)
            {
                return null;
            }

            var current = await db.TaskLabels.Where(l => l.TaskId == id).ToListAsync(ct);
            db.TaskLabels.RemoveRange(current.Where(l => !labels.Contains(l.Name)));
            db.TaskLabels.AddRange(labels.Where(l => !current.Exists(c => c.Name == l)).Select(l => new TaskLabel { TaskId = id, Name = l }));
            return new TaskLabels(number, [.. labels.Order(StringComparer.Ordinal)]);
        },
        set =>
        {
            if (set is not null)
            {
                Changed(number);
            }
        },
        cancellationToken);
        return result;
    }

    /// <summary>Adds one label to a task (the console's form); refused past <see cref="LabelText.MaxPerTask"/>.</summary>
    public async Task<LabelChange> AddAsync(long number, string label, CancellationToken cancellationToken)
    {
        var result = await writes.WriteAsync(async (db, ct) =>
        {
            var taskId = await db.Tasks.Where(t => t.Number == number).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
            if (taskId is not { } id)
            {
                return LabelChange.NoSuchTask;
            }

            var current = await db.TaskLabels.Where(l => l.TaskId == id).Select(l => l.Name).ToListAsync(ct);
            if (current.Contains(label))
            {
                return LabelChange.Done;
            }

            if (current.Count >= LabelText.MaxPerTask)
            {
                return LabelChange.TooMany;
            }

            db.TaskLabels.Add(new TaskLabel { TaskId = id, Name = label });
            return LabelChange.Done;
        }, change => ChangedIfDone(number, change), cancellationToken);
        return result;
    }

    /// <summary>Takes one label off a task; taking one it does not carry changes nothing.</summary>
    public async Task<LabelChange> RemoveAsync(long number, string label, CancellationToken cancellationToken)
    {
        var result = await writes.WriteAsync(async (db, ct) =>
        {
            var taskId = await db.Tasks.Where(t => t.Number == number).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
            if (taskId is not { } id)
            {
                return LabelChange.NoSuchTask;
            }

            await db.TaskLabels.Where(l => l.TaskId == id && l.Name == label).ExecuteDeleteAsync(ct);
            return LabelChange.Done;
        }, change => ChangedIfDone(number, change), cancellationToken);
        return result;
    }

    /// <summary>The labels in use, the most used first, at most <see cref="MaxListed"/>.</summary>
    public async Task<IReadOnlyList<LabelUsage>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var used = await db.TaskLabels.AsNoTracking()
            .GroupBy(l => l.Name)
            .Select(g => new { Name = g.Key, Tasks = g.Count() })
            .OrderByDescending(u => u.Tasks).ThenBy(u => u.Name)
            .Take(MaxListed)
            .ToListAsync(cancellationToken);
        return [.. used.Select(u => new LabelUsage(u.Name, u.Tasks))];
    }

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/> on every task (both normalized); a task that
    /// carries both keeps one. Answers how many tasks carried <paramref name="from"/>.
    /// </summary>
    public Task<int> RenameAsync(string from, string to, CancellationToken cancellationToken) =>
        writes.WriteAsync(async (db, ct) =>
        {
            var count = await db.TaskLabels.CountAsync(l => l.Name == from, ct);
            if (count == 0 || from == to)
            {
                return count;
            }

            await db.TaskLabels
                .Where(l => l.Name == from && db.TaskLabels.Any(other => other.TaskId == l.TaskId && other.Name == to))
                .ExecuteDeleteAsync(ct);
            await db.Database.ExecuteSqlAsync($"""UPDATE "TaskLabels" SET "Name" = {to} WHERE "Name" = {from}""", ct);
            return count;
        }, cancellationToken);

    /// <summary>Takes <paramref name="name"/> off every task; answers how many carried it.</summary>
    public Task<int> DeleteAsync(string name, CancellationToken cancellationToken) =>
        writes.WriteAsync((db, ct) => db.TaskLabels.Where(l => l.Name == name).ExecuteDeleteAsync(ct), cancellationToken);

    /// <summary>Run by the writer once a task's labels changed: open pages show them.</summary>
    private void Changed(long number) => events.Publish(new HubEvent(HubEventKind.TaskChanged, number));

    private void ChangedIfDone(long number, LabelChange change)
    {
        if (change == LabelChange.Done)
        {
            Changed(number);
        }
    }
}

/// <summary>What adding or removing one label came to.</summary>
public enum LabelChange
{
    Done,
    NoSuchTask,
    TooMany,
}
