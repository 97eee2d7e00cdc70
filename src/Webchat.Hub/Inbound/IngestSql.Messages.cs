using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>The hot path's messages: a message and its attachments, in order.</summary>
internal static partial class IngestSql
{
    private const string InsertMessageSql = """
        INSERT INTO "Messages" ("TaskId", "Direction", "Text", "AuthorContactId", "AuthorEmployeeId", "CreatedAt")
        VALUES (@task, @direction, @text, @contact, @employee, @now)
        RETURNING "Id"
        """;

    private const string InsertAttachmentSql = """
        INSERT INTO "MessageAttachments" ("MessageId", "Position", "Name", "Url") VALUES (@message, @position, @name, @url)
        """;

    /// <summary>Stores a message that came in (from the contact, or an echo) with its attachments, in order.</summary>
    public static void InsertMessage(HubDbContext db, long taskId, NewMessageCommand command, long? contactId, int? employeeId, DateTimeOffset now)
    {
        var insert = db.Command(InsertMessageSql);
        Add(insert, "task", taskId);
        Add(insert, "direction", (int)Direction(command));
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
}
