using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Contacts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Labels;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Operators;
using Webchat.Hub.Search;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Tasks;

/// <summary>The operator API's tasks: <c>/api/tasks</c>.</summary>
public static partial class TaskEndpoints
{
    /// <summary>How many messages one answer of <c>GET /api/tasks/{number}</c> holds by default, and at most.</summary>
    public const int DefaultMessagePage = 100;
    public const int MaxMessagePage = 500;

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder endpoints)
    {
        var tasks = endpoints.MapGroup("/tasks");
        tasks.MapGet("/", ListAsync)
            .WithName("ListTasks")
            .WithSummary("Lists tasks, newest first, or finds them by words")
            .WithDescription(
                "Filters by status and integration; answers one page and the total count. With q, only the tasks whose contact's "
                + "name, last name, phone or e-mail, or any of whose messages, hold every word of q (the last word as a prefix; "
                + "Cyrillic too, whatever the case); a search counts at most the 1,000 newest matching tasks.")
            .WithListParameters(("status", ["active", "completed"]));
        tasks.MapGet("/{number}", GetAsync)
            .WithName("GetTask")
            .WithSummary("Gets a task with its contact, custom fields, chat and its newest messages")
            .WithDescription("Messages come newest page first, in arrival order within the page; olderMessagesBefore, when set, is the 'before' that reads the page before it.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        MapStatusChange(tasks, "complete", ChatTaskStatus.Completed, "CompleteTask", "Completes a task");
        MapStatusChange(tasks, "reopen", ChatTaskStatus.Active, "ReopenTask", "Reopens a completed task");
        return endpoints;
    }

    internal static async Task<Results<Ok<TaskPage>, ValidationProblem>> ListAsync(
        [Description("Words to find (contact name, phone, e-mail or message text), at most 256 characters; every task when absent or empty.")] string? q,
        [Description("'active' or 'completed'; all tasks when absent.")] string? status,
        [Description("The providerId of an integration; every integration when absent.")] string? integration,
        [Description("Only the tasks carrying this label (any case); every task when absent.")] string? label,
        [Description("The page, from 1 (default 1).")] string? page,
        [Description("Tasks per page, 1 to 100 (default 20).")] string? pageSize,
        IntegrationRegistry integrations,
        TaskSearch search,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var statusFilter = ParseStatus(status, errors);
        var integrationFilter = QueryParameters.ParseIntegration(integration, integrations, required: false, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        QueryParameters.CheckSearch(q, errors);
        var labelFilter = label is null ? null : Labels.LabelText.Normalize(label, out var labelError) ?? Invalid(errors, "label", labelError);
        if (errors.Count > 0)
        {
            return QueryParameters.Invalid(errors, "The task filter is not valid");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Tasks.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await search.FindTaskNumbersAsync(q, new TaskSearchFilter(statusFilter, integrationFilter), TaskSearch.MaxResults, cancellationToken);
            query = query.Where(t => found.Contains(t.Number));
        }

        if (statusFilter is { } wanted)
        {
            query = query.Where(t => t.Status == wanted);
        }

        if (integrationFilter is { } integrationId)
        {
            query = query.Where(t => t.IntegrationId == integrationId);
        }

        if (labelFilter is not null)
        {
            query = query.Carrying(db, labelFilter);
        }

        var total = await PageRequest.CountAsync(query.OrderByDescending(t => t.Number), cancellationToken);
        var rows = paging.IsBeyond(total)
            ? []
            : await (
                    from t in query
                    join i in db.Integrations on t.IntegrationId equals i.Id
                    join c in db.Contacts on t.ContactId equals c.Id
                    orderby t.Number descending
                    select new TaskSummary(
                        t.Number,
                        t.Name,
                        t.Status,
                        i.ProviderId,
                        c.Number,
                        PersonName.Full(c.Name, c.LastName),
                        t.CreatedAt,
                        t.CompletedAt,
                        db.Messages.Count(m => m.TaskId == t.Id),
                        db.Messages.Where(m => m.TaskId == t.Id).OrderByDescending(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault()))
                .Skip((int)paging.Offset)
                .Take(paging.Rows(total))
                .ToListAsync(cancellationToken);
        var (items, hasNextPage) = paging.Cut(rows, total);

        var labels = await LabelQueries.OfTasksAsync(db, [.. items.Select(i => i.Number)], cancellationToken);
        items = [.. items.Select(i => labels.TryGetValue(i.Number, out var carried) ? i with { Labels = carried } : i)];
        return TypedResults.Ok(new TaskPage(items, paging.Page, paging.Size, total.Count, paging.TotalPages(total), total.Capped, hasNextPage));
    }

    internal static async Task<Results<Ok<TaskDetails>, NotFoundProblem, ValidationProblem>> GetAsync(
        long number,
        [Description("Only messages older than this message id (the olderMessagesBefore of the previous answer).")] string? before,
        [Description("Messages per answer, 1 to 500 (default 100).")] string? limit,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = QueryParameters.ParseBounded(limit, nameof(limit), DefaultMessagePage, 1, MaxMessagePage, errors);
        long? olderThan = null;
        if (before is not null)
        {
            if (long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                olderThan = id;
            }
            else
            {
                errors[nameof(before)] = [$"before must be a message id (a whole number), not '{before}'."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Invalid query parameter(s): " + string.Join(", ", errors.Keys) + ".", title: "The message page is not valid");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await (
                from t in db.Tasks.AsNoTracking()
                where t.Number == number
                join i in db.Integrations on t.IntegrationId equals i.Id
                join c in db.Contacts on t.ContactId equals c.Id
                join chat in db.Chats on t.ChatId equals (long?)chat.Id into chats
                from chat in chats.DefaultIfEmpty()
                select new
                {
                    t.Id,
                    Details = new TaskDetails(
                        t.Number,
                        t.Name,
                        t.Status,
                        i.ProviderId,
                        t.CreatedAt,
                        t.CompletedAt,
                        new TaskContact(c.Number, c.ExternalId, c.Name, c.LastName, c.Email, c.Phone, c.Ico, c.Data),
                        t.Fields.OrderBy(f => EF.Property<int>(f, "Id")).Select(f => new TaskField(f.Name, f.Value)).ToList(),
                        t.Description,
                        t.AdditionalDescription,
                        chat == null ? null : new TaskChat(chat.ExternalId, chat.Channel),
                        Array.Empty<TaskMessage>(),
                        null),
                })
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken);
        if (task is null)
        {
            return TaskNotFound(number);
        }

        var messages = await (
                from m in db.Messages.AsNoTracking()
                where m.TaskId == task.Id && (olderThan == null || m.Id < olderThan)
                join c in db.Contacts on m.AuthorContactId equals (long?)c.Id into contacts
                from c in contacts.DefaultIfEmpty()
                join e in db.Employees on m.AuthorEmployeeId equals (int?)e.Id into employees
                from e in employees.DefaultIfEmpty()
                orderby m.Id descending
                select new TaskMessage(
                    m.Id,
                    m.Direction,
                    m.Text,
                    m.CreatedAt,
                    c != null ? new MessageAuthor(AuthorKind.Contact, c.Name, c.LastName, c.Email, c.Number)
                        : e != null ? new MessageAuthor(AuthorKind.Employee, e.Name, e.LastName, e.Email, null)
                        : null,
                    m.Attachments.OrderBy(a => a.Position).Select(a => new AttachmentLink(a.Name, a.Url)).ToList(),
                    m.Status,
                    m.StatusText,
                    m.StatusEvents.OrderBy(s => s.Id).Select(s => new StatusStep(s.At, s.Status, s.Text, s.Source)).ToList()))
            .Take(size + 1)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        // One more than the page was read: it says whether older messages remain.
        var older = messages.Count > size;
        var page = await Attachments.MirroredFiles.AddToAsync(db, [.. messages.Take(size).Reverse()], cancellationToken);
        var labels = await LabelQueries.OfTasksAsync(db, [number], cancellationToken);
        return TypedResults.Ok(task.Details with { Messages = page, OlderMessagesBefore = older ? page[0].Id : null, Labels = labels.GetValueOrDefault(number) ?? [] });
    }

    private static string? Invalid(Dictionary<string, string[]> errors, string name, string? error)
    {
        errors[name] = [error!];
        return null;
    }

    private static NotFoundProblem TaskNotFound(long number) =>
        new("No such task", string.Create(CultureInfo.InvariantCulture, $"There is no task number {number}."));

    private static ChatTaskStatus? ParseStatus(string? value, Dictionary<string, string[]> errors)
    {
        // Spelled out, not Enum.TryParse, which would also take "0" or "Active, Completed".
        switch (value?.ToUpperInvariant())
        {
            case null:
                return null;
            case "ACTIVE":
                return ChatTaskStatus.Active;
            case "COMPLETED":
                return ChatTaskStatus.Completed;
            default:
                errors["status"] = [$"status must be 'active' or 'completed', not '{value}'."];
                return null;
        }
    }
}
