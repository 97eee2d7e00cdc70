using System.Data.Common;
using Npgsql;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>
/// The SQL of a provider's hot path: what a <c>newMessage</c> or <c>updateContact</c> reads and
/// writes, as prepared statements on the writer's connection. A message to a known chat costs
/// two indexed reads and one insert; nothing is written that did not change. The same text runs on
/// SQLite and PostgreSQL (quoted names, <c>RETURNING</c>, <c>ON CONFLICT</c>).
/// </summary>
internal static class IngestSql
{
    private const string FindContactSql = """
        SELECT "Id", "Number", "Name", "LastName", "Ico", "Email", "Phone", "Data"
        FROM "Contacts" WHERE "IntegrationId" = @integration AND "ExternalId" = @external
        """;

    private const string InsertContactSql = """
        INSERT INTO "Contacts" ("Number", "IntegrationId", "ExternalId", "Name", "LastName", "Ico", "Email", "Phone", "Data", "CreatedAt", "UpdatedAt")
        VALUES (@number, @integration, @external, @name, @lastName, @ico, @email, @phone, @data, @now, @now)
        RETURNING "Id"
        """;

    private const string UpdateContactSql = """
        UPDATE "Contacts" SET "Name" = @name, "LastName" = @lastName, "Ico" = @ico, "Email" = @email, "Phone" = @phone, "Data" = @data, "UpdatedAt" = @now
        WHERE "Id" = @id
        """;

    /// <summary>The contact and the chat with its current task, in one round trip.</summary>
    private const string FindContactAndChatSql = """
        SELECT ct."Id", ct."Number", ct."Name", ct."LastName", ct."Ico", ct."Email", ct."Phone", ct."Data",
               c."Id", c."Channel", t."Id", t."Number", t."Status", t."AdditionalDescription"
        FROM (SELECT 1 AS "One") AS one
        LEFT JOIN "Contacts" ct ON ct."IntegrationId" = @integration AND ct."ExternalId" = @contact
        LEFT JOIN "Chats" c ON c."IntegrationId" = @integration AND c."ExternalId" = @chat
        LEFT JOIN "Tasks" t ON t."Id" = c."CurrentTaskId"
        """;

    private const string InsertChatSql = """
        INSERT INTO "Chats" ("IntegrationId", "ExternalId", "Channel", "ContactId", "CreatedAt")
        VALUES (@integration, @external, @channel, @contact, @now)
        RETURNING "Id"
        """;

    private const string UpdateChannelSql = """UPDATE "Chats" SET "Channel" = @channel WHERE "Id" = @id""";

    /// <summary>
    /// Only over the task the chat had when it was read: when another hub opened a task for the chat
    /// meanwhile, nothing changes and the write runs again, then finding that task.
    /// </summary>
    private const string SetCurrentTaskSql = """
        UPDATE "Chats" SET "CurrentTaskId" = @task WHERE "Id" = @id AND "CurrentTaskId" IS NOT DISTINCT FROM CAST(@previous AS bigint)
        """;

    private const string InsertTaskSql = """
        INSERT INTO "Tasks" ("Number", "IntegrationId", "ChatId", "ContactId", "Name", "Description", "AdditionalDescription", "Status", "CreatedAt")
        VALUES (@number, @integration, @chat, @contact, @name, @description, @additional, 0, @now)
        RETURNING "Id"
        """;

    private const string ReopenTaskSql = """UPDATE "Tasks" SET "Status" = 0, "CompletedAt" = NULL WHERE "Id" = @id""";

    private const string SetAdditionalDescriptionSql = """UPDATE "Tasks" SET "AdditionalDescription" = @additional WHERE "Id" = @id""";

    private const string UpsertFieldSql = """
        INSERT INTO "TaskFields" ("TaskId", "Name", "Value") VALUES (@task, @name, @value)
        ON CONFLICT ("TaskId", "Name") DO UPDATE SET "Value" = excluded."Value"
        """;

    private const string InsertMessageSql = """
        INSERT INTO "Messages" ("TaskId", "Direction", "Text", "AuthorContactId", "AuthorEmployeeId", "CreatedAt")
        VALUES (@task, @direction, @text, @contact, @employee, @now)
        RETURNING "Id"
        """;

    /// <summary>
    /// The two common cases as one statement, on PostgreSQL only (SQLite has no INSERT inside WITH, and
    /// its statements are calls within the process anyway). Either the chat's task is active and the
    /// message changes nothing about the contact, chat or task (<c>target</c>): the message is only
    /// appended. Or neither the chat nor the contact is known (<c>fresh</c>): contact, chat and task
    /// are made with their numbers (counters taken contact first, the order of
    /// <see cref="HubDbContext.TakeNumber"/>) and ids taken ahead from their sequences, so the chat
    /// names its task at once. Then the message with its attachments in order. No row when neither
    /// applies; the full path runs instead.
    /// </summary>
    private const string StoreMessageSql = """
        WITH target AS (
            SELECT t."Id" AS task_id, t."Number" AS task_number, ct."Id" AS contact_id, ct."Number" AS contact_number
            FROM "Chats" c
            JOIN "Tasks" t ON t."Id" = c."CurrentTaskId" AND t."Status" = 0
            JOIN "Contacts" ct ON ct."IntegrationId" = c."IntegrationId" AND ct."ExternalId" = @contact
            WHERE c."IntegrationId" = @integration AND c."ExternalId" = @chat
              AND (@channel::text IS NULL OR c."Channel" = @channel::text)
              AND (@name::text IS NULL OR ct."Name" = @name::text)
              AND (@lastName::text IS NULL OR ct."LastName" = @lastName::text)
              AND (@ico::text IS NULL OR ct."Ico" = @ico::text)
              AND (@email::text IS NULL OR ct."Email" = @email::text)
              AND (@phone::text IS NULL OR ct."Phone" = @phone::text)
              AND (@data::text IS NULL OR (ct."Data" = @data::text AND t."AdditionalDescription" = @data::text))
        ), fresh AS (
            SELECT nextval(pg_get_serial_sequence('"Contacts"', 'Id')) AS contact_id,
                   nextval(pg_get_serial_sequence('"Chats"', 'Id')) AS chat_id,
                   nextval(pg_get_serial_sequence('"Tasks"', 'Id')) AS task_id
            WHERE NOT EXISTS (SELECT 1 FROM "Chats" WHERE "IntegrationId" = @integration AND "ExternalId" = @chat)
              AND NOT EXISTS (SELECT 1 FROM "Contacts" WHERE "IntegrationId" = @integration AND "ExternalId" = @contact)
        ), contact_number AS (
            UPDATE "Counters" SET "Next" = "Next" + 1 WHERE "Name" = 'contact' AND EXISTS (SELECT 1 FROM fresh) RETURNING "Next" - 1 AS number
        ), task_number AS (
            UPDATE "Counters" SET "Next" = "Next" + 1 WHERE "Name" = 'task' AND EXISTS (SELECT 1 FROM contact_number) RETURNING "Next" - 1 AS number
        ), new_contact AS (
            INSERT INTO "Contacts" ("Id", "Number", "IntegrationId", "ExternalId", "Name", "LastName", "Ico", "Email", "Phone", "Data", "CreatedAt", "UpdatedAt")
            SELECT fresh.contact_id, contact_number.number, @integration, @contact, coalesce(@name::text, @contact::text),
                   @lastName::text, @ico::text, @email::text, @phone::text, @data::text, @now, @now
            FROM fresh CROSS JOIN contact_number
        ), new_chat AS (
            INSERT INTO "Chats" ("Id", "IntegrationId", "ExternalId", "Channel", "ContactId", "CurrentTaskId", "CreatedAt")
            SELECT fresh.chat_id, @integration, @chat, @channel::text, fresh.contact_id, fresh.task_id, @now FROM fresh
        ), new_task AS (
            INSERT INTO "Tasks" ("Id", "Number", "IntegrationId", "ChatId", "ContactId", "Name", "Description", "AdditionalDescription", "Status", "CreatedAt")
            SELECT fresh.task_id, task_number.number, @integration, fresh.chat_id, fresh.contact_id, @taskName, NULL, @data::text, 0, @now
            FROM fresh CROSS JOIN task_number
        ), destination AS (
            SELECT task_id, task_number, contact_id, contact_number FROM target
            UNION ALL
            SELECT fresh.task_id, task_number.number, fresh.contact_id, contact_number.number
            FROM fresh CROSS JOIN task_number CROSS JOIN contact_number
        ), inserted AS (
            INSERT INTO "Messages" ("TaskId", "Direction", "Text", "AuthorContactId", "AuthorEmployeeId", "CreatedAt")
            SELECT task_id, @direction, @text, CASE WHEN @echo THEN NULL ELSE contact_id END, @employee::integer, @now FROM destination
            RETURNING "Id"
        ), attached AS (
            INSERT INTO "MessageAttachments" ("MessageId", "Position", "Name", "Url")
            SELECT inserted."Id", CAST(a.position - 1 AS integer), a.name, a.url
            FROM inserted CROSS JOIN unnest(@names::text[], @urls::text[]) WITH ORDINALITY AS a(name, url, position)
        )
        SELECT destination.task_number, destination.contact_number FROM inserted CROSS JOIN destination
        """;

    private const string InsertAttachmentSql = """
        INSERT INTO "MessageAttachments" ("MessageId", "Position", "Name", "Url") VALUES (@message, @position, @name, @url)
        """;

    /// <summary>A contact as stored, for deciding whether an update changes anything.</summary>
    internal sealed record StoredContact(long Id, long Number, string Name, string? LastName, string? Ico, string? Email, string? Phone, string? Data)
    {
        public string FullName => string.IsNullOrEmpty(LastName) ? Name : $"{Name} {LastName}";
    }

    /// <summary>A chat as stored, with its current task when it has one.</summary>
    internal sealed record StoredChat(long Id, string? Channel, long? TaskId, long TaskNumber, bool TaskActive, string? AdditionalDescription);

    /// <summary>The contact, or null when the integration has none with that id.</summary>
    public static StoredContact? FindContact(HubDbContext db, int integrationId, string contactId)
    {
        var find = db.Command(FindContactSql);
        Add(find, "integration", integrationId);
        Add(find, "external", contactId);
        using var reader = find.ExecuteReader();
        return reader.Read() ? ReadContact(reader, 0) : null;
    }

    /// <summary>The contact and the chat (with its current task), each null when unknown: what a message needs to know, in one read.</summary>
    public static (StoredContact? Contact, StoredChat? Chat) FindContactAndChat(HubDbContext db, int integrationId, string contactId, string chatId)
    {
        var find = db.Command(FindContactAndChatSql);
        Add(find, "integration", integrationId);
        Add(find, "contact", contactId);
        Add(find, "chat", chatId);
        using var reader = find.ExecuteReader();
        if (!reader.Read())
        {
            return (null, null);
        }

        var contact = reader.IsDBNull(0) ? null : ReadContact(reader, 0);
        var chat = reader.IsDBNull(8) ? null
            : reader.IsDBNull(10) ? new StoredChat(reader.GetInt64(8), Text(reader, 9), null, 0, false, null)
            : new StoredChat(reader.GetInt64(8), Text(reader, 9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt32(12) == 0, Text(reader, 13));
        return (contact, chat);
    }

    /// <summary>A new task's name: the message's title, or else after its contact.</summary>
    public static string TaskName(string? title, string contactFullName) =>
        string.IsNullOrWhiteSpace(title) ? $"Chat with {contactFullName}" : title;

    /// <summary>Creates the contact, or stores the details sent when they change what is stored.</summary>
    public static StoredContact SaveContact(HubDbContext db, int integrationId, StoredContact? stored, ContactDetails details, DateTimeOffset now)
    {
        if (stored is null)
        {
            var number = db.TakeNumber(Counter.ContactNumbers);
            // Until a name arrives the contact is known by its id.
            var created = new StoredContact(0, number, details.Name ?? details.ContactId, details.LastName, details.Ico, details.Email, details.Phone, details.Data);
            var insert = db.Command(InsertContactSql);
            Add(insert, "number", number);
            Add(insert, "integration", integrationId);
            Add(insert, "external", details.ContactId);
            AddDetails(insert, created);
            Add(insert, "now", db.TimeValue(now));
            return created with { Id = Scalar(insert) };
        }

        var merged = stored with
        {
            Name = details.Name ?? stored.Name,
            LastName = details.LastName ?? stored.LastName,
            Ico = details.Ico ?? stored.Ico,
            Email = details.Email ?? stored.Email,
            Phone = details.Phone ?? stored.Phone,
            Data = details.Data ?? stored.Data,
        };
        if (merged != stored)
        {
            var update = db.Command(UpdateContactSql);
            AddDetails(update, merged);
            Add(update, "now", db.TimeValue(now));
            Add(update, "id", stored.Id);
            update.ExecuteNonQuery();
        }

        return merged;
    }

    /// <summary>Creates the chat (without a task yet), or stores a new channel.</summary>
    public static StoredChat SaveChat(HubDbContext db, int integrationId, StoredChat? stored, string chatId, string? channel, long contactId, DateTimeOffset now)
    {
        if (stored is null)
        {
            var insert = db.Command(InsertChatSql);
            Add(insert, "integration", integrationId);
            Add(insert, "external", chatId);
            Add(insert, "channel", channel);
            Add(insert, "contact", contactId);
            Add(insert, "now", db.TimeValue(now));
            return new StoredChat(Scalar(insert), channel, null, 0, false, null);
        }

        if (channel is not null && channel != stored.Channel)
        {
            var update = db.Command(UpdateChannelSql);
            Add(update, "channel", channel);
            Add(update, "id", stored.Id);
            update.ExecuteNonQuery();
        }

        return stored;
    }

    /// <summary>
    /// Opens a task for the chat and makes it the chat's current task in place of <paramref name="previousTaskId"/>.
    /// Returns its id and number; throws <see cref="WriteConflictException"/> when another hub changed the chat's task first.
    /// </summary>
    public static (long Id, long Number) OpenTask(HubDbContext db, int integrationId, long chatId, long? previousTaskId, long contactId, string name, string? description, string? additional, DateTimeOffset now)
    {
        var number = db.TakeNumber(Counter.TaskNumbers);
        var insert = db.Command(InsertTaskSql);
        Add(insert, "number", number);
        Add(insert, "integration", integrationId);
        Add(insert, "chat", chatId);
        Add(insert, "contact", contactId);
        Add(insert, "name", name);
        Add(insert, "description", description);
        Add(insert, "additional", additional);
        Add(insert, "now", db.TimeValue(now));
        var id = Scalar(insert);

        var link = db.Command(SetCurrentTaskSql);
        Add(link, "task", id);
        Add(link, "id", chatId);
        Add(link, "previous", previousTaskId);
        if (link.ExecuteNonQuery() == 0)
        {
            throw new WriteConflictException($"Another write changed the current task of chat {chatId} first.");
        }

        return (id, number);
    }

    public static void ReopenTask(HubDbContext db, long taskId)
    {
        var reopen = db.Command(ReopenTaskSql);
        Add(reopen, "id", taskId);
        reopen.ExecuteNonQuery();
    }

    public static void SetAdditionalDescription(HubDbContext db, long taskId, string additional)
    {
        var update = db.Command(SetAdditionalDescriptionSql);
        Add(update, "additional", additional);
        Add(update, "id", taskId);
        update.ExecuteNonQuery();
    }

    public static void SetField(HubDbContext db, long taskId, string name, string value)
    {
        var upsert = db.Command(UpsertFieldSql);
        Add(upsert, "task", taskId);
        Add(upsert, "name", name);
        Add(upsert, "value", value);
        upsert.ExecuteNonQuery();
    }

    /// <summary>
    /// Stores the message in one statement when it goes to the chat's active task and changes nothing
    /// else, or opens a chat with a contact the hub does not know yet (<see cref="StoreMessageSql"/>);
    /// the <see cref="StoreWriter"/> sends it with the batch's other statements in one round trip.
    /// </summary>
    internal sealed class MessageStatement(int integrationId, NewMessageCommand command, int? employeeId, TimeProvider time) : BatchedStatement<MessageAcceptedData>
    {
        internal override NpgsqlBatchCommand Command()
        {
            var append = new NpgsqlBatchCommand(StoreMessageSql);
            append.Set("integration", integrationId);
            append.Set("chat", command.ChatId);
            append.Set("contact", command.Contact.ContactId);
            append.Set("channel", command.Channel);
            AddDetails(append, command.Contact);
            append.Set("direction", (int)(command.IsEcho ? Messages.MessageDirection.Echo : Messages.MessageDirection.FromContact));
            append.Set("text", command.Message);
            append.Set("echo", command.IsEcho);
            append.Set("employee", employeeId);
            append.Set("now", time.GetUtcNow().ToUniversalTime());
            append.Set("names", command.Attachments.Select(a => a.Name).ToArray());
            append.Set("urls", command.Attachments.Select(a => a.Url).ToArray());
            // Used only when the chat is new, so the contact is known by what this message says of it.
            var contact = new StoredContact(0, 0, command.Contact.Name ?? command.Contact.ContactId, command.Contact.LastName, null, null, null, null);
            append.Set("taskName", TaskName(command.Title, contact.FullName));
            return append;
        }

        internal override bool TryRead(DbDataReader reader, out MessageAcceptedData result)
        {
            result = reader.Read() ? new MessageAcceptedData(reader.GetInt64(0), reader.GetInt64(1)) : null!;
            return result is not null;
        }
    }

    /// <summary>Stores a message that came in (from the contact, or an echo) with its attachments, in order.</summary>
    public static void InsertMessage(HubDbContext db, long taskId, NewMessageCommand command, long? contactId, int? employeeId, DateTimeOffset now)
    {
        var insert = db.Command(InsertMessageSql);
        Add(insert, "task", taskId);
        Add(insert, "direction", (int)(command.IsEcho ? Messages.MessageDirection.Echo : Messages.MessageDirection.FromContact));
        Add(insert, "text", command.Message);
        Add(insert, "contact", contactId);
        Add(insert, "employee", employeeId);
        Add(insert, "now", db.TimeValue(now));
        InsertAttachments(db, Scalar(insert), command.Attachments);
    }

    private static void InsertAttachments(HubDbContext db, long messageId, IReadOnlyList<Attachment> attachments)
    {
        for (var position = 0; position < attachments.Count; position++)
        {
            var insert = db.Command(InsertAttachmentSql);
            Add(insert, "message", messageId);
            Add(insert, "position", position);
            Add(insert, "name", attachments[position].Name);
            Add(insert, "url", attachments[position].Url);
            insert.ExecuteNonQuery();
        }
    }

    private static void AddDetails(DbCommand command, ContactDetails contact) =>
        AddDetails(command.Set, contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data);

    private static void AddDetails(DbBatchCommand command, ContactDetails contact) =>
        AddDetails(command.Set, contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data);

    private static void AddDetails(DbCommand command, StoredContact contact) =>
        AddDetails(command.Set, contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data);

    private static void AddDetails(Action<string, object?> add, string? name, string? lastName, string? ico, string? email, string? phone, string? data)
    {
        add("name", name);
        add("lastName", lastName);
        add("ico", ico);
        add("email", email);
        add("phone", phone);
        add("data", data);
    }

    private static long Scalar(DbCommand command) =>
        Convert.ToInt64(command.ExecuteScalar() ?? throw new InvalidOperationException("The statement returned no row."), System.Globalization.CultureInfo.InvariantCulture);

    private static StoredContact ReadContact(DbDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetString(first + 2), Text(reader, first + 3),
        Text(reader, first + 4), Text(reader, first + 5), Text(reader, first + 6), Text(reader, first + 7));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Add(DbCommand command, string name, object? value) => command.Set(name, value);
}
