using Webchat.Hub.Storage;

namespace Webchat.Hub.Inbound;

/// <summary>The hot path's chats and tasks: a chat opened, its channel kept, its task opened, reopened or filled in.</summary>
internal static partial class IngestSql
{
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
}
