using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Contacts;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>Carries out a provider's commands on the store. Writes go through the <see cref="StoreWriter"/>.</summary>
public sealed partial class ProviderCommandHandler(
    StoreWriter writes,
    ProtocolReads reads,
    IDbContextFactory<HubDbContext> contexts,
    IntegrationRegistry registry,
    HubEvents events,
    TimeProvider time,
    HubMetrics metrics,
    ILogger<ProviderCommandHandler> logger)
{
    /// <summary>How much of a completed task's conversation a new task of the same chat carries in its description.</summary>
    private const int CarriedMessages = 100;

    /// <summary><c>newMessage</c>: stores the message in the chat's current task, opening contact, chat and task as needed.</summary>
    public Task<MessageAcceptedData> NewMessageAsync(ConnectedIntegration integration, NewMessageCommand command, CancellationToken cancellationToken)
    {
        var (statement, fullForm) = MessageWrite(integration, command);
        return writes.WriteAsync(StoreWriter.ChatOrder(integration.Id, command.ChatId), statement, fullForm, MessageAdded, cancellationToken);
    }

    /// <summary>Run by the writer once a message committed: open pages show it.</summary>
    private void MessageAdded(MessageAcceptedData accepted) => events.Publish(new HubEvent(HubEventKind.MessageAdded, accepted.Number));

    /// <summary>
    /// A new message's write in its two forms: PostgreSQL's one statement for the common cases (null
    /// when it cannot apply) and the full form, which takes every case. Both keep the rules of
    /// <see cref="IngestSql"/>, and a property test holds them to the same rows.
    /// </summary>
    internal (BatchedStatement<MessageAcceptedData>? Statement, Func<HubDbContext, CancellationToken, Task<MessageAcceptedData>> FullForm) MessageWrite(
        ConnectedIntegration integration, NewMessageCommand command)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        var echoAuthor = command.IsEcho ? registry.EchoAuthor(integration, command.UserEmail) : null;
        if (command.IsEcho && command.UserEmail is not null && !string.Equals(echoAuthor!.Email, command.UserEmail, StringComparison.OrdinalIgnoreCase))
        {
            LogUnknownEchoAuthor(logger, integration.ProviderId, echoAuthor.Email);
        }

        var templateFields = command.TaskData.Where(field => integration.Settings.TaskFields.Contains(field.Key, StringComparer.Ordinal)).ToList();
        if (templateFields.Count < command.TaskData.Count)
        {
            LogUnknownTaskFields(logger, integration.ProviderId, UnknownFieldNames(command.TaskData.Except(templateFields).Select(f => f.Key)));
        }

        // Task fields change the task, so a message with them always takes the full form.
        var statement = templateFields.Count == 0 ? new IngestSql.MessageStatement(integration.Id, command, echoAuthor?.Id, time) : null;
        return (statement, async (db, ct) =>
        {
            var now = time.GetUtcNow();
            var (storedContact, storedChat) = IngestSql.FindContactAndChat(db, integration.Id, command.Contact.ContactId, command.ChatId);
            var contact = IngestSql.SaveContact(db, integration.Id, storedContact, command.Contact, now);
            var chat = IngestSql.SaveChat(db, integration.Id, storedChat, command.ChatId, command.Channel, contact.Id, now);
            var (taskId, taskNumber) = await CurrentTaskAsync(db, integration, chat, contact, command, now, ct);
            foreach (var (name, value) in templateFields)
            {
                IngestSql.SetField(db, taskId, name, value);
            }

            IngestSql.InsertMessage(db, taskId, command, command.IsEcho ? null : contact.Id, echoAuthor?.Id, now);
            return new MessageAcceptedData(taskNumber, contact.Number);
        });
    }

    /// <summary><c>getTask</c>: the chat's current task, or null when the chat is unknown.</summary>
    public Task<TaskNumberData?> GetTaskAsync(ConnectedIntegration integration, GetTaskCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        return reads.TaskAsync(integration.Id, command.ChatId, cancellationToken);
    }

    /// <summary><c>getContact</c>: the contact's number, or null when the contact is unknown.</summary>
    public Task<long?> GetContactNumberAsync(ConnectedIntegration integration, GetContactCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        return reads.ContactNumberAsync(integration.Id, command.ContactId, cancellationToken);
    }

    /// <summary><c>updateContact</c>: changes the details sent; a contact the hub has not seen yet is created.</summary>
    public async Task UpdateContactAsync(ConnectedIntegration integration, UpdateContactCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        var contact = await writes.WriteAsync(
            (db, _) => Task.FromResult(IngestSql.SaveContact(
                db, integration.Id, IngestSql.FindContact(db, integration.Id, command.Contact.ContactId), command.Contact, time.GetUtcNow())),
            cancellationToken);

        // Pages that show the contact's active tasks show the new details.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = await db.Tasks.Where(t => t.ContactId == contact.Id && t.Status == ChatTaskStatus.Active).Select(t => t.Number).ToListAsync(cancellationToken);
        foreach (var number in tasks)
        {
            events.Publish(new HubEvent(HubEventKind.TaskChanged, number));
        }
    }

    /// <summary>
    /// <c>messageStatus</c>: records the provider's report on a message the hub sent. The report is
    /// always added to the message's timeline; the ticks only move forward. False when the message
    /// is not one this integration was sent.
    /// </summary>
    public async Task<bool> MessageStatusAsync(ConnectedIntegration integration, MessageStatusCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integration);
        ArgumentNullException.ThrowIfNull(command);
        if (!long.TryParse(command.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId))
        {
            return false;
        }

        var taskNumber = await RecordStatusAsync(integration, command, messageId, number =>
        {
            // Committed: open pages show the ticks, and the report is counted once it is kept.
            if (number is { } task)
            {
                events.Publish(new HubEvent(HubEventKind.MessageStatusChanged, task, messageId));
                metrics.StatusReports.Add(1, new KeyValuePair<string, object?>("status", command.NormalizedStatus.ToString().ToLowerInvariant()));
            }
        },
        cancellationToken);
        return taskNumber is not null;
    }

    /// <summary>Keeps the report (see <see cref="StatusSql"/>); answers the message's task number, or null when the message is not one this integration was sent.</summary>
    private Task<long?> RecordStatusAsync(ConnectedIntegration integration, MessageStatusCommand command, long messageId, Action<long?> committed, CancellationToken cancellationToken) =>
        writes.WriteAsync(
            (db, _) => Task.FromResult(StatusSql.Record(db, integration.Id, messageId, command.NormalizedStatus, command.StatusText, time.GetUtcNow())),
            committed,
            cancellationToken);

    /// <summary>
    /// The task a message of <paramref name="chat"/> goes to. A chat without a task gets one; a chat
    /// whose task was completed gets a new one carrying the earlier conversation when the
    /// integration says so, and otherwise has its task reopened. <c>contactData</c> becomes the
    /// task's additional description.
    /// </summary>
    private async Task<(long Id, long Number)> CurrentTaskAsync(HubDbContext db, ConnectedIntegration integration, IngestSql.StoredChat chat, IngestSql.StoredContact contact, NewMessageCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (chat.TaskId is { } taskId && (chat.TaskActive || !integration.Settings.NewTaskIfNoActiveTask))
        {
            if (!chat.TaskActive)
            {
                IngestSql.ReopenTask(db, taskId);
            }

            if (command.Contact.Data is { } data && data != chat.AdditionalDescription)
            {
                IngestSql.SetAdditionalDescription(db, taskId, data);
            }

            return (taskId, chat.TaskNumber);
        }

        var description = chat.TaskId is { } previous ? await TranscriptAsync(db, previous, chat.TaskNumber, cancellationToken) : null;
        var name = IngestSql.TaskName(command.Title, contact.FullName);
        return IngestSql.OpenTask(db, integration.Id, chat.Id, chat.TaskId, contact.Id, name, description, command.Contact.Data, now);
    }

    /// <summary>The end of a task's conversation as text, for the description of the task that follows it.</summary>
    private async Task<string> TranscriptAsync(HubDbContext db, long previousId, long previousNumber, CancellationToken cancellationToken)
    {
        var lines = await (
                from m in db.Messages.Where(m => m.TaskId == previousId).OrderByDescending(m => m.Id).Take(CarriedMessages)
                join c in db.Contacts on m.AuthorContactId equals (long?)c.Id into authors
                from c in authors.DefaultIfEmpty()
                orderby m.Id descending
                select new
                {
                    m.CreatedAt,
                    m.Text,
                    ContactName = c == null ? null : c.Name,
                    ContactLastName = c == null ? null : c.LastName,
                    m.AuthorEmployeeId,
                    Attachments = m.Attachments.Count,
                })
            .ToListAsync(cancellationToken);

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Earlier conversation (task #{previousNumber}):");
        foreach (var line in Enumerable.Reverse(lines))
        {
            var author = (line.ContactName is { } contact ? PersonName.Full(contact, line.ContactLastName) : null) ?? (line.AuthorEmployeeId is { } employee ? registry.FindEmployee(employee)?.Name : null) ?? "?";
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"[{line.CreatedAt:yyyy-MM-dd HH:mm}] {author}: {line.Text}");
            if (line.Attachments > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({line.Attachments} attachment(s))");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The names of a message's unknown <c>data_</c> fields for one log line: a few, each cut short, and how many
    /// more, so a provider that sends thousands of long names costs one short line.
    /// </summary>
    private static string UnknownFieldNames(IEnumerable<string> names)
    {
        const int shown = 5;
        const int length = 40;
        var all = names.Distinct(StringComparer.Ordinal).ToList();
        var listed = string.Join(", ", all.Take(shown).Select(n => "data_" + (n.Length > length ? StorableText.Cut(n, length) + "…" : n)));
        return all.Count > shown ? $"{listed} and {all.Count - shown} more" : listed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {ProviderId}: {Fields} name no field of the task template; their values were ignored")]
    private static partial void LogUnknownTaskFields(ILogger logger, string providerId, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {ProviderId}: the echo's userEmail names no employee; the message was written as {Author}")]
    private static partial void LogUnknownEchoAuthor(ILogger logger, string providerId, string author);
}
