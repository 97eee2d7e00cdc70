using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>The hot path's contacts: found, created, and updated only when a detail changes.</summary>
internal static partial class IngestSql
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

    /// <summary>Creates the contact, or stores the details sent when they change what is stored.</summary>
    public static StoredContact SaveContact(HubDbContext db, int integrationId, StoredContact? stored, ContactDetails details, DateTimeOffset now)
    {
        if (stored is null)
        {
            var number = db.TakeNumber(Counter.ContactNumbers);
            var created = NewContact(number, details);
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
}
