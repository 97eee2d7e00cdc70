using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Contacts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.Contacts;

/// <summary>A contact as a row of the list.</summary>
public sealed record ContactRow(long Number, string Integration, string Name, string? Ico, string? Phone, string? Email);

/// <summary>A task of a contact, for its card.</summary>
public sealed record ContactTask(long Number, string Name, ChatTaskStatus Status);

/// <summary>A contact's card: the API's profile, a page of its tasks (newest first), and whether an employee may write first.</summary>
public sealed record ContactScreen(ContactProfile Profile, IReadOnlyList<ContactTask> Tasks, long? OlderTasksBefore, bool CanWrite, string? WriteNote);

internal sealed class ContactQueries(IDbContextFactory<HubDbContext> contexts, IntegrationRegistry registry)
{
    public const int PageSize = 50;

    /// <summary>Contacts, newest first; <paramref name="matching"/>, when given, are the only ones (by number) the search found.</summary>
    public async Task<(IReadOnlyList<ContactRow> Rows, bool HasMore)> ListAsync(int page, IReadOnlyCollection<long>? matching, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contacts = db.Contacts.AsNoTracking();
        if (matching is not null)
        {
            contacts = contacts.Where(c => matching.Contains(c.Number));
        }

        var rows = await contacts
            .OrderByDescending(c => c.Number)
            .Skip(Math.Max(0, page - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(c => new { c.Number, c.IntegrationId, c.Name, c.LastName, c.Ico, c.Phone, c.Email })
            .ToListAsync(cancellationToken);
        return (
            [.. rows.Take(PageSize).Select(c => new ContactRow(
                c.Number,
                registry.FindById(c.IntegrationId)?.ProviderId ?? "?",
                PersonName.Full(c.Name, c.LastName),
                c.Ico,
                c.Phone,
                c.Email))],
            rows.Count > PageSize);
    }

    /// <summary>The card of contact <paramref name="number"/>, with its newest tasks numbered below <paramref name="tasksBefore"/> (or the newest of all).</summary>
    public async Task<ContactScreen?> GetAsync(long number, long? tasksBefore, CancellationToken cancellationToken)
    {
        if ((await ContactEndpoints.GetAsync(number, tasksBefore: null, contexts, cancellationToken)).Result is not Ok<ContactProfile> { Value: { } profile })
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contactId = await db.Contacts.Where(c => c.Number == number).Select(c => c.Id).SingleAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => t.ContactId == contactId && (tasksBefore == null || t.Number < tasksBefore))
            .OrderByDescending(t => t.Number)
            .Take(PageSize + 1)
            .Select(t => new ContactTask(t.Number, t.Name, t.Status))
            .ToListAsync(cancellationToken);
        var shown = tasks.Take(PageSize).ToList();
        var olderBefore = tasks.Count > PageSize ? shown[^1].Number : (long?)null;
        var hasChat = await db.Chats.AnyAsync(c => c.ContactId == contactId, cancellationToken)
            || await db.Tasks.AnyAsync(t => t.ContactId == contactId && t.ChatId == null && t.Status == ChatTaskStatus.Active, cancellationToken);
        var settings = registry.FindByProviderId(profile.Integration)?.Settings;
        var canWrite = settings is { WriteButtonForContactsWithPhone: true, ProviderUrl: not null } && !string.IsNullOrWhiteSpace(profile.Phone) && !hasChat;
        return new ContactScreen(profile, shown, olderBefore, canWrite, hasChat ? T("This contact has a chat already: reply in its task.") : null);
    }
}
