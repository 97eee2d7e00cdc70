using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Notes;

/// <summary>
/// Stores employees' private notes: a message of the task with the direction <see cref="MessageDirection.Note"/>
/// and no delivery, so it never reaches the provider; written in the task's order, beside its replies.
/// </summary>
public sealed class NoteService(StoreWriter writes, IntegrationRegistry registry, HubEvents events, TimeProvider time)
{
    /// <summary>Adds the note of <paramref name="author"/> (an employee's e-mail) to task <paramref name="number"/>.</summary>
    public async Task<NoteOutcome> AddAsync(long number, string? text, string? author, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var employee = registry.FindEmployee(author);
        if (string.IsNullOrWhiteSpace(author))
        {
            errors["authorEmail"] = ["The e-mail of the employee who writes is required."];
        }
        else if (employee is null)
        {
            errors["authorEmail"] = [$"'{author}' is not one of the hub's employees."];
        }

        var maxLength = ProtocolLimits.Default.MaxMessageLength;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors["text"] = ["Write the note's text."];
        }
        else if (text.Length > maxLength)
        {
            errors["text"] = [$"The text is over {maxLength} characters."];
        }
        else if (!StorableText.IsStorable(text))
        {
            errors["text"] = ["The text holds a NUL character or half of a surrogate pair (broken UTF-16): remove it."];
        }

        if (errors.Count > 0)
        {
            return new NoteOutcome(null, errors);
        }

        var added = await writes.WriteAsync(StoreWriter.TaskOrder(number), null, async (db, ct) =>
        {
            var taskId = await db.Tasks.Where(t => t.Number == number).Select(t => (long?)t.Id).SingleOrDefaultAsync(ct);
            if (taskId is not { } id)
            {
                return null;
            }

            var note = new Message
            {
                TaskId = id,
                Direction = MessageDirection.Note,
                Text = text!,
                AuthorEmployeeId = employee!.Id,
                CreatedAt = time.GetUtcNow(),
            };
            db.Messages.Add(note);
            await db.SaveChangesAsync(ct);
            return new NoteAdded(note.Id, number);
        },
        stored =>
        {
            // Committed: open pages show the note (run by the writer, whatever becomes of this request).
            if (stored is not null)
            {
                events.Publish(new HubEvent(HubEventKind.MessageAdded, number, stored.MessageId));
            }
        },
        cancellationToken);
        return new NoteOutcome(added, null);
    }
}
