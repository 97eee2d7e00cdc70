using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Delivery;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.TaskView;

/// <summary>A task as its page shows it: the API's task, the delivery of each sent message, the assignee, and whether replies can go.</summary>
public sealed record TaskScreen(
    TaskDetails Task,
    IReadOnlyDictionary<long, DeliveryRef> Deliveries,
    Employee? Assignee,
    string? CannotReply);

/// <summary>A sent message's delivery, for its Retry button.</summary>
public sealed record DeliveryRef(long Id, DeliveryState State);

/// <summary>Reads a task for its page, through the operator API's own query.</summary>
internal sealed class TaskQueries(IDbContextFactory<HubDbContext> contexts, IntegrationRegistry registry)
{
    public async Task<TaskScreen?> GetAsync(long number, CancellationToken cancellationToken)
    {
        // The page shows the newest messages the operator API gives in one answer (its largest page).
        var newest = TaskEndpoints.MaxMessagePage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if ((await TaskEndpoints.GetAsync(number, before: null, newest, contexts, cancellationToken)).Result is not Ok<TaskDetails> { Value: { } task })
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sent = task.Messages.Where(m => m.Status is not null).Select(m => m.Id).ToList();
        var deliveries = await db.Deliveries.AsNoTracking()
            .Where(d => sent.Contains(d.MessageId))
            .Select(d => new { d.MessageId, d.Id, d.State })
            .ToDictionaryAsync(d => d.MessageId, d => new DeliveryRef(d.Id, d.State), cancellationToken);
        var assignee = await db.TaskAssignments.AsNoTracking()
            .Where(a => db.Tasks.Any(t => t.Id == a.TaskId && t.Number == number))
            .Select(a => (int?)a.EmployeeId)
            .SingleOrDefaultAsync(cancellationToken);
        var integration = registry.FindByProviderId(task.Integration);
        var cannotReply = integration is null ? T("This integration is no longer configured, so replies cannot be sent.")
            : integration.Settings.ProviderUrl is null ? T("The integration '{0}' has no provider URL, so replies cannot be sent.", integration.ProviderId)
            : null;
        return new TaskScreen(task, deliveries, assignee is { } id ? registry.FindEmployee(id) : null, cannotReply);
    }
}
