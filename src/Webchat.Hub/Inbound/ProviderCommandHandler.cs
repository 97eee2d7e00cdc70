using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Contacts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>Carries out a provider's commands on the store. Writes go through the <see cref="StoreWriter"/>.</summary>
public sealed partial class ProviderCommandHandler(
    StoreWriter writes,
    IDbContextFactory<HubDbContext> contexts,
    IntegrationRegistry registry,
    TimeProvider time,
    ILogger<ProviderCommandHandler> logger)
{
    /// <summary>How much of a completed task's conversation a new task of the same chat carries in its description.</summary>
    private const int CarriedMessages = 100;

    /// <summary><c>newMessage</c>: stores the message in the chat's current task, opening contact, chat and task as needed.</summary>
    public Task<MessageAcceptedData> NewMessageAsync(ConnectedIntegration integration, NewMessageCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        var echoAuthor = command.IsEcho ? registry.EchoAuthor(integration, command.UserEmail) : null;
        if (command.IsEcho && command.UserEmail is not null && !string.Equals(echoAuthor!.Email, command.UserEmail, StringComparison.OrdinalIgnoreCase))
        {
            LogUnknownEchoAuthor(logger, integration.ProviderId, echoAuthor.Email);
        }

        return writes.WriteAsync(async (db, ct) =>
        {
            var now = time.GetUtcNow();
            var contact = await UpsertContactAsync(db, integration, command.Contact, now, ct);
            var chat = await db.Chats.SingleOrDefaultAsync(c => c.IntegrationId == integration.Id && c.ExternalId == command.ChatId, ct);
            if (chat is null)
            {
                chat = new Chat { IntegrationId = integration.Id, ExternalId = command.ChatId, ContactId = contact.Id, CreatedAt = now };
                db.Chats.Add(chat);
                await db.SaveChangesAsync(ct);
            }

            chat.Channel = command.Channel ?? chat.Channel;
            var task = await CurrentTaskAsync(db, integration, chat, contact, command.Title, now, ct);
            if (command.Contact.Data is not null)
            {
                task.AdditionalDescription = command.Contact.Data;
            }

            FillFields(integration, task, command.TaskData);
            db.Messages.Add(new Message
            {
                TaskId = task.Id,
                Direction = command.IsEcho ? MessageDirection.Echo : MessageDirection.FromContact,
                Text = command.Message,
                AuthorContactId = command.IsEcho ? null : contact.Id,
                AuthorEmployeeId = echoAuthor?.Id,
                CreatedAt = now,
                Attachments = [.. command.Attachments.Select((a, i) => new MessageAttachment { Position = i, Name = a.Name, Url = a.Url })],
            });
            return new MessageAcceptedData(task.Number, contact.Number);
        }, cancellationToken);
    }

    /// <summary><c>getTask</c>: the chat's current task, or null when the chat is unknown.</summary>
    public async Task<TaskNumberData?> GetTaskAsync(ConnectedIntegration integration, GetTaskCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Chats
            .Where(c => c.IntegrationId == integration.Id && c.ExternalId == command.ChatId)
            .Join(db.Tasks, c => c.CurrentTaskId, t => t.Id, (c, t) => new TaskNumberData(t.Number, t.Status == ChatTaskStatus.Active))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary><c>getContact</c>: the contact's number, or null when the contact is unknown.</summary>
    public async Task<long?> GetContactNumberAsync(ConnectedIntegration integration, GetContactCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Contacts
            .Where(c => c.IntegrationId == integration.Id && c.ExternalId == command.ContactId)
            .Select(c => (long?)c.Number)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary><c>updateContact</c>: changes the details sent; a contact the hub has not seen yet is created.</summary>
    public Task UpdateContactAsync(ConnectedIntegration integration, UpdateContactCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        return writes.WriteAsync(
            async (db, ct) => await UpsertContactAsync(db, integration, command.Contact, time.GetUtcNow(), ct),
            cancellationToken);
    }

    /// <summary>
    /// <c>messageStatus</c>: records the provider's report on a message the hub sent. The report is
    /// always added to the message's timeline; the ticks only move forward. False when the message
    /// is not one this integration was sent.
    /// </summary>
    public Task<bool> MessageStatusAsync(ConnectedIntegration integration, MessageStatusCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        if (!long.TryParse(command.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId))
        {
            return Task.FromResult(false);
        }

        return writes.WriteAsync(async (db, ct) =>
        {
            var message = await db.Messages
                .Include(m => m.StatusEvents)
                .Where(m => m.Id == messageId && m.Direction == MessageDirection.ToContact)
                .Where(m => db.Tasks.Any(t => t.Id == m.TaskId && t.IntegrationId == integration.Id))
                .SingleOrDefaultAsync(ct);
            if (message is null)
            {
                return false;
            }

            var status = command.NormalizedStatus;
            message.StatusEvents.Add(new MessageStatusEvent { At = time.GetUtcNow(), Status = status, Text = command.StatusText, Source = StatusSource.Provider });
            if (MessageTicks.MovesForward(message.Status ?? DeliveryStatus.Pending, status))
            {
                message.Status = status;
                message.StatusText = command.StatusText;
            }

            return true;
        }, cancellationToken);
    }

    private static async Task<Contact> UpsertContactAsync(HubDbContext db, ConnectedIntegration integration, ContactDetails details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.IntegrationId == integration.Id && c.ExternalId == details.ContactId, cancellationToken);
        if (contact is null)
        {
            contact = new Contact
            {
                IntegrationId = integration.Id,
                ExternalId = details.ContactId,
                Number = await db.TakeNumberAsync(Counter.ContactNumbers, cancellationToken),
                // Until a name arrives the contact is known by its id.
                Name = details.Name ?? details.ContactId,
                CreatedAt = now,
            };
            db.Contacts.Add(contact);
        }

        contact.Name = details.Name ?? contact.Name;
        contact.LastName = details.LastName ?? contact.LastName;
        contact.Ico = details.Ico ?? contact.Ico;
        contact.Email = details.Email ?? contact.Email;
        contact.Phone = details.Phone ?? contact.Phone;
        contact.Data = details.Data ?? contact.Data;
        contact.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return contact;
    }

    /// <summary>
    /// The task a message of <paramref name="chat"/> goes to. A chat without a task gets one; a chat
    /// whose task was completed gets a new one carrying the earlier conversation when the
    /// integration says so, and otherwise has its task reopened.
    /// </summary>
    private async Task<ChatTask> CurrentTaskAsync(HubDbContext db, ConnectedIntegration integration, Chat chat, Contact contact, string? title, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = chat.CurrentTaskId is { } id ? await db.Tasks.Include(t => t.Fields).SingleAsync(t => t.Id == id, cancellationToken) : null;
        if (current is { Status: ChatTaskStatus.Active })
        {
            return current;
        }

        if (current is not null && !integration.Settings.NewTaskIfNoActiveTask)
        {
            current.Status = ChatTaskStatus.Active;
            current.CompletedAt = null;
            return current;
        }

        var task = new ChatTask
        {
            Number = await db.TakeNumberAsync(Counter.TaskNumbers, cancellationToken),
            IntegrationId = integration.Id,
            ChatId = chat.Id,
            ContactId = contact.Id,
            Name = string.IsNullOrWhiteSpace(title) ? $"Chat with {contact.FullName}" : title,
            Description = current is null ? null : await TranscriptAsync(db, current, cancellationToken),
            Status = ChatTaskStatus.Active,
            CreatedAt = now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        chat.CurrentTaskId = task.Id;
        return task;
    }

    /// <summary>The end of a task's conversation as text, for the description of the task that follows it.</summary>
    private async Task<string> TranscriptAsync(HubDbContext db, ChatTask previous, CancellationToken cancellationToken)
    {
        var lines = await db.Messages
            .Where(m => m.TaskId == previous.Id)
            .OrderByDescending(m => m.Id)
            .Take(CarriedMessages)
            .Select(m => new
            {
                m.CreatedAt,
                m.Text,
                Contact = db.Contacts.Where(c => c.Id == m.AuthorContactId).Select(c => c.Name + (c.LastName == null ? "" : " " + c.LastName)).FirstOrDefault(),
                m.AuthorEmployeeId,
                Attachments = m.Attachments.Count,
            })
            .ToListAsync(cancellationToken);

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Earlier conversation (task #{previous.Number}):");
        foreach (var line in Enumerable.Reverse(lines))
        {
            var author = line.Contact ?? (line.AuthorEmployeeId is { } employee ? registry.FindEmployee(employee)?.Name : null) ?? "?";
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"[{line.CreatedAt:yyyy-MM-dd HH:mm}] {author}: {line.Text}");
            if (line.Attachments > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({line.Attachments} attachment(s))");
            }
        }

        return text.ToString();
    }

    private void FillFields(ConnectedIntegration integration, ChatTask task, IReadOnlyList<KeyValuePair<string, string>> data)
    {
        foreach (var (name, value) in data)
        {
            if (!integration.Settings.TaskFields.Contains(name, StringComparer.Ordinal))
            {
                LogUnknownTaskField(logger, integration.ProviderId, name);
                continue;
            }

            var field = task.Fields.Find(f => f.Name == name);
            if (field is null)
            {
                task.Fields.Add(new TaskFieldValue { Name = name, Value = value });
            }
            else
            {
                field.Value = value;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {ProviderId}: data_{Field} names no field of the task template; the value was ignored")]
    private static partial void LogUnknownTaskField(ILogger logger, string providerId, string field);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {ProviderId}: the echo's userEmail names no employee; the message was written as {Author}")]
    private static partial void LogUnknownEchoAuthor(ILogger logger, string providerId, string author);
}
