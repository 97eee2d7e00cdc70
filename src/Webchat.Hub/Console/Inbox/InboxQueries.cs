using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Integrations;
using Webchat.Hub.Labels;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Console.Inbox;

/// <summary>Whose tasks the inbox shows.</summary>
public enum InboxWho
{
    All,
    Mine,
    Unassigned,
}

/// <summary>The inbox's filters; null means "any".</summary>
public sealed record InboxFilter(ChatTaskStatus? Status, string? Integration, string? Channel, InboxWho Who, string? Search, int Page)
{
    /// <summary>Only the tasks carrying this label (normalized).</summary>
    public string? Label { get; init; }
}

/// <summary>A task as a row of the inbox.</summary>
public sealed record InboxRow(
    long Number,
    string TaskName,
    ChatTaskStatus Status,
    string Integration,
    string? Channel,
    long ContactNumber,
    string ContactName,
    string? ContactIco,
    string? LastText,
    int LastAttachments,
    MessageDirection? LastDirection,
    DateTimeOffset? LastAt,
    string? Assignee,
    int Unread)
{
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>One page of the inbox and what its filters may choose from.</summary>
public sealed record InboxResult(IReadOnlyList<InboxRow> Rows, bool HasMore, IReadOnlyList<string> Channels);

/// <summary>The inbox: tasks by latest activity, each with its contact, last message, assignee and unread count for one employee.</summary>
internal sealed class InboxQueries(IDbContextFactory<HubDbContext> contexts, IntegrationRegistry registry)
{
    public const int PageSize = 50;

    /// <summary>The longest excerpt of a last message a row shows.</summary>
    private const int ExcerptLength = 140;

    /// <summary>At most this many channels are offered in the filter.</summary>
    private const int MaxChannels = 50;

    /// <summary>
    /// A page of tasks for <paramref name="employeeId"/>; <paramref name="matching"/>, when given, are the
    /// only tasks (by number) the search found.
    /// </summary>
    public async Task<InboxResult> PageAsync(InboxFilter filter, int employeeId, IReadOnlyCollection<long>? matching, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = db.Tasks.AsNoTracking();
        if (filter.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        if (filter.Integration is { } providerId)
        {
            var integrationId = registry.FindByProviderId(providerId)?.Id ?? -1;
            tasks = tasks.Where(t => t.IntegrationId == integrationId);
        }

        if (filter.Channel is { } channel)
        {
            tasks = tasks.Where(t => db.Chats.Any(c => c.Id == t.ChatId && c.Channel == channel));
        }

        tasks = filter.Who switch
        {
            InboxWho.Mine => tasks.Where(t => db.TaskAssignments.Any(a => a.TaskId == t.Id && a.EmployeeId == employeeId)),
            InboxWho.Unassigned => tasks.Where(t => !db.TaskAssignments.Any(a => a.TaskId == t.Id)),
            _ => tasks,
        };

        if (filter.Label is { } label)
        {
            tasks = tasks.Carrying(db, label);
        }

        if (matching is not null)
        {
            tasks = tasks.Where(t => matching.Contains(t.Number));
        }

        // Latest activity: the task's newest message (ids grow with arrival), else its creation; an index read.
        var page = await tasks
            .OrderByDescending(t => t.LastMessageId).ThenByDescending(t => t.Id)
            .Skip(Math.Max(0, filter.Page - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        var ids = page.Take(PageSize).ToList();

        var rows = await (
                from t in db.Tasks.AsNoTracking()
                where ids.Contains(t.Id)
                join c in db.Contacts on t.ContactId equals c.Id
                join chat in db.Chats on t.ChatId equals (long?)chat.Id into chats
                from chat in chats.DefaultIfEmpty()
                let read = db.TaskReads.Where(r => r.TaskId == t.Id && r.EmployeeId == employeeId).Select(r => (long?)r.LastReadMessageId).FirstOrDefault() ?? 0
                select new
                {
                    t.Id,
                    t.Number,
                    t.Name,
                    t.Status,
                    t.IntegrationId,
                    Channel = chat == null ? null : chat.Channel,
                    ContactNumber = c.Number,
                    ContactName = c.Name,
                    ContactLastName = c.LastName,
                    c.Ico,
                    Last = db.Messages.Where(m => m.Id == t.LastMessageId)
                        .Select(m => new { Text = m.Text.Substring(0, ExcerptLength + 1), m.Direction, m.CreatedAt, Files = m.Attachments.Count })
                        .FirstOrDefault(),
                    Assignee = db.TaskAssignments.Where(a => a.TaskId == t.Id).Select(a => (int?)a.EmployeeId).FirstOrDefault(),
                    Unread = db.Messages.Count(m => m.TaskId == t.Id && m.Direction == MessageDirection.FromContact && m.Id > read),
                })
            .ToListAsync(cancellationToken);

        var byId = rows.ToDictionary(r => r.Id);
        var labels = await LabelQueries.OfTasksAsync(db, [.. rows.Select(r => r.Number)], cancellationToken);
        var result = ids.Where(byId.ContainsKey).Select(id =>
        {
            var r = byId[id];
            var text = r.Last?.Text;
            return new InboxRow(
                r.Number,
                r.Name,
                r.Status,
                registry.FindById(r.IntegrationId)?.ProviderId ?? "?",
                r.Channel,
                r.ContactNumber,
                EmployeeNames.Full(r.ContactName, r.ContactLastName),
                r.Ico,
                text is { Length: > ExcerptLength } ? text[..ExcerptLength] + "…" : text,
                r.Last?.Files ?? 0,
                r.Last?.Direction,
                r.Last?.CreatedAt,
                r.Assignee is { } assignee ? EmployeeNames.Of(registry.FindEmployee(assignee)) : null,
                r.Unread) { Labels = labels.GetValueOrDefault(r.Number) ?? [] };
        }).ToList();

        var channels = await db.Chats.AsNoTracking()
            .Where(c => c.Channel != null)
            .Select(c => c.Channel!)
            .Distinct()
            .OrderBy(c => c)
            .Take(MaxChannels)
            .ToListAsync(cancellationToken);
        return new InboxResult(result, page.Count > PageSize, channels);
    }
}
