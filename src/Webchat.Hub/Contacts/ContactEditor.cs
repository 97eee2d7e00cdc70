using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Contacts;

/// <summary>How adding or editing a contact ended.</summary>
public enum ContactEditStatus
{
    Done,

    /// <summary>A value is not valid; <see cref="ContactEditResult.Errors"/> names each, by field.</summary>
    Invalid,

    NotFound,

    /// <summary>The store could not take the write; nothing was changed.</summary>
    Unavailable,
}

/// <summary>The outcome of an edit: the contact's number when it is done, the problems when it is not valid.</summary>
public sealed record ContactEditResult(ContactEditStatus Status, long Number = 0, IDictionary<string, string[]>? Errors = null);

/// <summary>
/// Operators' changes to contacts, for the operator API and the console alike: a contact added by
/// hand (numbered by the contact allocator) and edits of the details the operator owns. Values are
/// cleaned and checked by <see cref="ContactDetailsRules"/>; writes go through the <see cref="StoreWriter"/>;
/// an edit tells open pages that the contact's tasks changed once it has committed.
/// </summary>
public sealed class ContactEditor(IntegrationRegistry integrations, StoreWriter writes, HubEvents events, TimeProvider time)
{
    public async Task<ContactEditResult> CreateAsync(NewContact draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var integrationId = QueryParameters.ParseIntegration(draft.Integration, integrations, required: true, errors);
        var name = ContactDetailsRules.Clean(draft.Name, "name", required: true, errors);
        var lastName = ContactDetailsRules.Clean(draft.LastName, "lastName", required: false, errors);
        var phone = ContactDetailsRules.Clean(draft.Phone, "phone", required: false, errors);
        var email = ContactDetailsRules.Clean(draft.Email, "email", required: false, errors);
        if (errors.Count > 0)
        {
            return new ContactEditResult(ContactEditStatus.Invalid, Errors: errors);
        }

        try
        {
            var number = await writes.WriteAsync((db, _) =>
            {
                var taken = db.TakeNumber(Counter.ContactNumbers);
                var now = time.GetUtcNow();
                db.Contacts.Add(new Contact
                {
                    Number = taken,
                    IntegrationId = integrationId!.Value,
                    ExternalId = Contact.HandMadeId(taken),
                    Name = name!,
                    LastName = NullIfEmpty(lastName),
                    Phone = NullIfEmpty(phone),
                    Email = NullIfEmpty(email),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
                return Task.FromResult(taken);
            }, cancellationToken);
            return new ContactEditResult(ContactEditStatus.Done, number);
        }
        catch (StoreUnavailableException)
        {
            return new ContactEditResult(ContactEditStatus.Unavailable);
        }
    }

    public async Task<ContactEditResult> UpdateAsync(long number, ContactChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = changes.Name is null ? null : ContactDetailsRules.Clean(changes.Name, "name", required: true, errors);
        var lastName = ContactDetailsRules.Clean(changes.LastName, "lastName", required: false, errors);
        var phone = ContactDetailsRules.Clean(changes.Phone, "phone", required: false, errors);
        var email = ContactDetailsRules.Clean(changes.Email, "email", required: false, errors);
        if (errors.Count > 0)
        {
            return new ContactEditResult(ContactEditStatus.Invalid, Errors: errors);
        }

        IReadOnlyList<long>? tasks;
        try
        {
            tasks = await writes.WriteAsync<IReadOnlyList<long>?>(async (db, ct) =>
            {
                var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Number == number, ct);
                if (contact is null)
                {
                    return null;
                }

                var before = (contact.Name, contact.LastName, contact.Phone, contact.Email);
                contact.Name = name ?? contact.Name;
                contact.LastName = lastName is null ? contact.LastName : NullIfEmpty(lastName);
                contact.Phone = phone is null ? contact.Phone : NullIfEmpty(phone);
                contact.Email = email is null ? contact.Email : NullIfEmpty(email);
                if (before == (contact.Name, contact.LastName, contact.Phone, contact.Email))
                {
                    return [];
                }

                contact.UpdatedAt = time.GetUtcNow();
                return await db.Tasks.Where(t => t.ContactId == contact.Id).Select(t => t.Number).ToListAsync(ct);
            },
            changed =>
            {
                // Committed: pages showing the contact's tasks (their names and cards) refresh.
                foreach (var task in changed ?? [])
                {
                    events.Publish(new HubEvent(HubEventKind.TaskChanged, task));
                }
            },
            cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return new ContactEditResult(ContactEditStatus.Unavailable);
        }

        return tasks is null
            ? new ContactEditResult(ContactEditStatus.NotFound)
            : new ContactEditResult(ContactEditStatus.Done, number);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
