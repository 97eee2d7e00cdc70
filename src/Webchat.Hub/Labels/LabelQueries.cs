using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Labels;

/// <summary>Tasks' labels as lists read them: the labels of a page of tasks, and the label filter.</summary>
internal static class LabelQueries
{
    /// <summary>The labels of the tasks numbered <paramref name="numbers"/>, alphabetically; tasks without labels are absent.</summary>
    public static async Task<Dictionary<long, List<string>>> OfTasksAsync(HubDbContext db, IReadOnlyCollection<long> numbers, CancellationToken cancellationToken)
    {
        var rows = await (
                from l in db.TaskLabels.AsNoTracking()
                join t in db.Tasks on l.TaskId equals t.Id
                where numbers.Contains(t.Number)
                select new { t.Number, l.Name })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Number).ToDictionary(g => g.Key, g => g.Select(r => r.Name).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Only the tasks that carry <paramref name="label"/> (normalized): an index read of the label's tasks.</summary>
    public static IQueryable<ChatTask> Carrying(this IQueryable<ChatTask> tasks, HubDbContext db, string label) =>
        tasks.Where(t => db.TaskLabels.Any(l => l.Name == label && l.TaskId == t.Id));
}
