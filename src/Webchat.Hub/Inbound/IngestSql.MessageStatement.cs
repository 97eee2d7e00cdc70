using System.Data.Common;
using Npgsql;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>The common cases of a new message as one PostgreSQL statement (see <see cref="StoreMessageSql"/>).</summary>
internal static partial class IngestSql
{
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
            SELECT fresh.contact_id, contact_number.number, @integration, @contact, @newName::text,
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
            append.Set("direction", (int)Direction(command));
            append.Set("text", command.Message);
            append.Set("echo", command.IsEcho);
            append.Set("employee", employeeId);
            append.Set("now", time.GetUtcNow().ToUniversalTime());
            append.Set("names", command.Attachments.Select(a => a.Name).ToArray());
            append.Set("urls", command.Attachments.Select(a => a.Url).ToArray());
            // Used only when the chat is new: the contact and its task named by the C# path's rules.
            var contact = NewContact(0, command.Contact);
            append.Set("newName", contact.Name);
            append.Set("taskName", TaskName(command.Title, contact.FullName));
            return append;
        }

        internal override bool TryRead(DbDataReader reader, out MessageAcceptedData result)
        {
            result = reader.Read() ? new MessageAcceptedData(reader.GetInt64(0), reader.GetInt64(1)) : null!;
            return result is not null;
        }
    }
}
