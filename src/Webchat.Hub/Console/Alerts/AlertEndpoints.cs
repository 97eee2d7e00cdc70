using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Console.Alerts;

/// <summary>
/// <c>GET /console/alerts</c>: what the signed-in employee has not read in the active tasks that are
/// theirs or nobody's, for the page's script to put the count in the tab's title and to notify of a
/// new chat or message (it compares each task's newest unread message with what it saw before).
/// </summary>
internal static class AlertEndpoints
{
    /// <summary>The most recently active tasks looked at: an inbox's first page, enough for a count and a notification.</summary>
    public const int MaxTasks = 50;

    private const int ExcerptLength = 140;

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/alerts", AlertsAsync)
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Ok<Alerts>> AlertsAsync(HttpContext http, IDbContextFactory<HubDbContext> contexts, CancellationToken cancellationToken)
    {
        var me = http.User.EmployeeId();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from t in db.Tasks.AsNoTracking()
                join c in db.Contacts on t.ContactId equals c.Id
                where t.Status == ChatTaskStatus.Active
                    && !db.TaskAssignments.Any(a => a.TaskId == t.Id && a.EmployeeId != me)
                orderby t.LastMessageId descending, t.Id descending
                let read = db.TaskReads.Where(r => r.TaskId == t.Id && r.EmployeeId == me).Select(r => (long?)r.LastReadMessageId).FirstOrDefault() ?? 0
                select new
                {
                    t.Number,
                    ContactName = c.Name,
                    ContactLastName = c.LastName,
                    Newest = db.Messages.Where(m => m.TaskId == t.Id && m.Direction == MessageDirection.FromContact && m.Id > read).Max(m => (long?)m.Id),
                    Unread = db.Messages.Count(m => m.TaskId == t.Id && m.Direction == MessageDirection.FromContact && m.Id > read),
                })
            .Take(MaxTasks)
            .ToListAsync(cancellationToken);
        var unread = rows.Where(r => r.Newest is not null).ToList();
        var newest = unread.Select(r => r.Newest!.Value).ToList();
        var messages = await db.Messages.AsNoTracking()
            .Where(m => newest.Contains(m.Id))
            .Select(m => new { m.Id, Text = m.Text.Substring(0, ExcerptLength), Files = m.Attachments.Count })
            .ToDictionaryAsync(m => m.Id, cancellationToken);
        var alerts = unread.Where(r => messages.ContainsKey(r.Newest!.Value))
            .Select(r =>
            {
                var message = messages[r.Newest!.Value];
                return new UnreadAlert(r.Number, message.Id, Webchat.Hub.Contacts.PersonName.Full(r.ContactName, r.ContactLastName), message.Text, message.Files, r.Unread);
            })
            .ToList();
        return TypedResults.Ok(new Alerts(alerts.Sum(a => a.Unread), alerts));
    }
}

/// <summary>The unread total and, per task, its newest unread message.</summary>
internal sealed record Alerts(int Unread, IReadOnlyList<UnreadAlert> Tasks);

internal sealed record UnreadAlert(long Task, long Message, string Contact, string Text, int Files, int Unread);
