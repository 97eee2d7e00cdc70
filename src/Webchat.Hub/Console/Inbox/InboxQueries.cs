using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Contacts;
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

/// <summary>
/// The inbox: tasks by latest activity, each with its contact, last message, assignee and unread count for one employee.
/// Each step reads only what the page shows: the page's ids (from an index in the inbox's order, or from a
/// narrow filter's own index), then the rows and last messages of those ids alone (the SQL of each is kept
/// in tests, see InboxSqlTests).
/// </summary>
internal sealed class InboxQueries(IDbContextFactory<HubDbContext> contexts, IntegrationRegistry registry)
{
    public const int PageSize = 50;

    /// <summary>
    /// A filter that may match few of many tasks (a search, "mine", a channel) is read from its own side first:
    /// when it matches at most this many, the page is cut from those alone, however many tasks are stored.
    /// Beyond it matches are common, and reading the inbox's order index until a page is full costs about a page.
    /// </summary>
    internal const int FewMatches = 1000;

    /// <summary>The longest excerpt of a last message a row shows.</summary>
    private const int ExcerptLength = 140;

    /// <summary>
    /// A page of tasks for <paramref name="employeeId"/>; <paramref name="matching"/>, when given, are the
    /// only tasks (by number) the search found.
    /// </summary>
    public async Task<InboxResult> PageAsync(InboxFilter filter, int employeeId, IReadOnlyCollection<long>? matching, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var integrationId = filter.Integration is { } providerId ? registry.FindByProviderId(providerId)?.Id ?? -1 : (int?)null;
        var page = await PageIdsAsync(db, filter, integrationId, employeeId, matching, cancellationToken);
        var ids = page.Take(PageSize).ToList();

        var rows = await Rows(db, ids, employeeId).ToListAsync(cancellationToken);
        var lastIds = rows.Select(r => r.LastMessageId).Where(id => id > 0).ToList();
        var lasts = lastIds.Count == 0
            ? []
            : await LastMessages(db, lastIds).ToDictionaryAsync(m => m.Id, cancellationToken);

        var byId = rows.ToDictionary(r => r.Id);
        var labels = await LabelQueries.OfTasksAsync(db, [.. rows.Select(r => r.Number)], cancellationToken);
        var result = ids.Where(byId.ContainsKey).Select(id =>
        {
            var r = byId[id];
            var last = lasts.GetValueOrDefault(r.LastMessageId);
            var text = last?.Text;
            return new InboxRow(
                r.Number,
                r.Name,
                r.Status,
                registry.FindById(r.IntegrationId)?.ProviderId ?? "?",
                r.Channel,
                r.ContactNumber,
                PersonName.Full(r.ContactName, r.ContactLastName),
                r.Ico,
                text is { Length: > ExcerptLength } ? text[..ExcerptLength] + "…" : text,
                last?.Files ?? 0,
                last?.Direction,
                last?.CreatedAt,
                r.Assignee is { } assignee ? EmployeeNames.Of(registry.FindEmployee(assignee)) : null,
                r.Unread) { Labels = labels.GetValueOrDefault(r.Number) ?? [] };
        }).ToList();

        return new InboxResult(result, page.Count > PageSize, await ChannelList.ListAsync(db, cancellationToken));
    }

    /// <summary>The ids of the page's tasks (and one more, to tell whether an older page exists), newest activity first.</summary>
    private static async Task<List<long>> PageIdsAsync(HubDbContext db, InboxFilter filter, int? integrationId, int employeeId, IReadOnlyCollection<long>? matching, CancellationToken cancellationToken)
    {
        var few = await FewCandidatesAsync(db, filter, employeeId, matching, cancellationToken);
        if (few is null)
        {
            return await PageIds(db, filter, integrationId, employeeId, matching).ToListAsync(cancellationToken);
        }

        var found = few.Count == 0 ? [] : await Candidates(db, filter, integrationId, employeeId, matching, few).ToListAsync(cancellationToken);
        return [.. found
            .OrderByDescending(t => t.LastMessageId).ThenByDescending(t => t.Id)
            .Skip(Math.Max(0, filter.Page - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(t => t.Id)];
    }

    /// <summary>
    /// The ids of the tasks the first narrow filter allows (a search, "mine", a channel), when it allows at most
    /// <see cref="FewMatches"/>; else null. Read from the filter's own index, so a filter that matches little costs little.
    /// </summary>
    private static async Task<List<long>?> FewCandidatesAsync(HubDbContext db, InboxFilter filter, int employeeId, IReadOnlyCollection<long>? matching, CancellationToken cancellationToken)
    {
        var sides = new List<IQueryable<long>>();
        if (matching is not null)
        {
            sides.Add(SearchSide(db, matching));
        }

        if (filter.Who == InboxWho.Mine)
        {
            sides.Add(MineSide(db, employeeId));
        }

        if (filter.Channel is { } channel)
        {
            sides.Add(ChannelSide(db, channel));
        }

        foreach (var side in sides)
        {
            var ids = await side.Take(FewMatches + 1).ToListAsync(cancellationToken);
            if (ids.Count <= FewMatches)
            {
                return ids;
            }
        }

        return null;
    }

    internal static IQueryable<long> SearchSide(HubDbContext db, IReadOnlyCollection<long> matching) =>
        db.Tasks.Where(t => matching.Contains(t.Number)).Select(t => t.Id);

    internal static IQueryable<long> MineSide(HubDbContext db, int employeeId) =>
        db.TaskAssignments.Where(a => a.EmployeeId == employeeId).Select(a => a.TaskId);

    internal static IQueryable<long> ChannelSide(HubDbContext db, string channel) =>
        from c in db.Chats
        where c.Channel == channel
        join t in db.Tasks on c.Id equals (long?)t.ChatId
        select t.Id;

    /// <summary>The few candidates that pass every filter, with their place in the order: read by key, sorted by the caller.</summary>
    internal static IQueryable<Candidate> Candidates(HubDbContext db, InboxFilter filter, int? integrationId, int employeeId, IReadOnlyCollection<long>? matching, IReadOnlyCollection<long> taskIds) =>
        Filtered(db, db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)), filter, integrationId, employeeId, matching)
            .Select(t => new Candidate(t.Id, t.LastMessageId));

    /// <summary>The page's ids read in the inbox's order from its index, for filters that match many tasks (or none narrow).</summary>
    internal static IQueryable<long> PageIds(HubDbContext db, InboxFilter filter, int? integrationId, int employeeId, IReadOnlyCollection<long>? matching) =>
        Filtered(db, db.Tasks.AsNoTracking(), filter, integrationId, employeeId, matching)
            .OrderByDescending(t => t.LastMessageId).ThenByDescending(t => t.Id)
            .Skip(Math.Max(0, filter.Page - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(t => t.Id);

    private static IQueryable<ChatTask> Filtered(HubDbContext db, IQueryable<ChatTask> tasks, InboxFilter filter, int? integrationId, int employeeId, IReadOnlyCollection<long>? matching)
    {
        if (filter.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        if (integrationId is { } integration)
        {
            tasks = tasks.Where(t => t.IntegrationId == integration);
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

        return matching is null ? tasks : tasks.Where(t => matching.Contains(t.Number));
    }

    /// <summary>The rows of the page's tasks: flat joins by key, and one count per row of the messages the employee has not read.</summary>
    internal static IQueryable<TaskPart> Rows(HubDbContext db, IReadOnlyCollection<long> ids, int employeeId) =>
        from t in db.Tasks.AsNoTracking()
        where ids.Contains(t.Id)
        join c in db.Contacts on t.ContactId equals c.Id
        join chat in db.Chats on t.ChatId equals (long?)chat.Id into chats
        from chat in chats.DefaultIfEmpty()
        join a in db.TaskAssignments on t.Id equals a.TaskId into assignments
        from a in assignments.DefaultIfEmpty()
        join r in db.TaskReads.Where(r => r.EmployeeId == employeeId) on t.Id equals r.TaskId into reads
        from r in reads.DefaultIfEmpty()
        select new TaskPart(
            t.Id,
            t.Number,
            t.Name,
            t.Status,
            t.IntegrationId,
            chat == null ? null : chat.Channel,
            c.Number,
            c.Name,
            c.LastName,
            c.Ico,
            t.LastMessageId,
            a == null ? null : a.EmployeeId,
            db.Messages.Count(m => m.TaskId == t.Id && m.Direction == MessageDirection.FromContact && m.Id > (r == null ? 0 : r.LastReadMessageId)));

    /// <summary>The last messages of the page's tasks, by id: an excerpt, never the whole text.</summary>
    internal static IQueryable<LastPart> LastMessages(HubDbContext db, IReadOnlyCollection<long> messageIds) =>
        db.Messages.AsNoTracking()
            .Where(m => messageIds.Contains(m.Id))
            .Select(m => new LastPart(m.Id, m.Text.Substring(0, ExcerptLength + 1), m.Direction, m.CreatedAt, m.Attachments.Count));

    internal sealed record TaskPart(
        long Id,
        long Number,
        string Name,
        ChatTaskStatus Status,
        int IntegrationId,
        string? Channel,
        long ContactNumber,
        string ContactName,
        string? ContactLastName,
        string? Ico,
        long LastMessageId,
        int? Assignee,
        int Unread);

    internal sealed record Candidate(long Id, long LastMessageId);

    internal sealed record LastPart(long Id, string? Text, MessageDirection Direction, DateTimeOffset CreatedAt, int Files);
}
