using System.Data.Common;
using Npgsql;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Replies;

/// <summary>
/// A reply's common case, text only (no attachment, no file), stored without change tracking: the
/// message and its delivery, queued on the chat's lane (or the task's, until the provider opens its
/// chat) as <see cref="Delivery.Outbox.Enqueue"/> does. On PostgreSQL it is one statement that the
/// writer sends with its batch's others in one round trip; on SQLite three prepared statements.
/// </summary>
internal static class ReplySql
{
    // ---- PostgreSQL: one statement; no row when there is no such task (the full form then says so) ----

    private const string PostgresSql = """
        WITH t AS (SELECT "Id", "ChatId", "IntegrationId" FROM "Tasks" WHERE "Number" = @number),
        m AS (
            INSERT INTO "Messages" ("TaskId", "Direction", "Text", "AuthorEmployeeId", "CreatedAt", "Status")
            SELECT "Id", 2, CAST(@text AS text), CAST(@employee AS integer), CAST(@now AS timestamptz), 0 FROM t
            RETURNING "Id"),
        d AS (
            INSERT INTO "Deliveries" ("MessageId", "IntegrationId", "Lane", "State", "AttemptCount", "NextAttemptAt", "CreatedAt")
            SELECT m."Id", t."IntegrationId", CASE WHEN t."ChatId" IS NULL THEN 'task:' || t."Id" ELSE 'chat:' || t."ChatId" END,
                0, 0, CAST(@now AS timestamptz), CAST(@now AS timestamptz)
            FROM m, t
            RETURNING "Id", "MessageId")
        SELECT "MessageId", "Id" FROM d
        """;

    // ---- SQLite: the same steps, one prepared statement each ------------------------------------------

    private const string SqliteTaskSql = """SELECT "Id", "ChatId", "IntegrationId" FROM "Tasks" WHERE "Number" = @number""";

    private const string SqliteMessageSql = """
        INSERT INTO "Messages" ("TaskId", "Direction", "Text", "AuthorEmployeeId", "CreatedAt", "Status")
        VALUES (@task, 2, @text, @employee, @now, 0)
        RETURNING "Id"
        """;

    private const string SqliteDeliverySql = """
        INSERT INTO "Deliveries" ("MessageId", "IntegrationId", "Lane", "State", "AttemptCount", "NextAttemptAt", "CreatedAt")
        VALUES (@message, @integration, @lane, 0, 0, @now, @now)
        RETURNING "Id"
        """;

    private const string TaskIntegrationSql = """SELECT "IntegrationId" FROM "Tasks" WHERE "Number" = @number""";

    /// <summary>The integration of task <paramref name="number"/>, or null when there is no such task: checked before a reply's body is read.</summary>
    public static async Task<int?> TaskIntegrationAsync(KeptReads reads, long number, CancellationToken cancellationToken) =>
        (await reads.ReadAsync(TaskIntegrationSql, command => command.Set("number", number), reader => new TaskIntegration(reader.GetInt32(0)), cancellationToken))?.IntegrationId;

    /// <summary>The PostgreSQL statement of a text reply in task <paramref name="number"/>; its time is taken when the batch runs.</summary>
    public static BatchedStatement<ReplyOutcome> Statement(long number, string text, int employeeId, TimeProvider time) =>
        new PostgresReply(number, text, employeeId, time);

    /// <summary>Stores a text reply in task <paramref name="number"/> inside the caller's write (SQLite), or null when there is no such task.</summary>
    public static ReplyAccepted? Insert(HubDbContext db, long number, string text, int employeeId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        long taskId;
        long? chatId;
        int integrationId;
        var find = db.Command(SqliteTaskSql);
        find.Set("number", number);
        using (var reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            taskId = reader.GetInt64(0);
            chatId = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            integrationId = reader.GetInt32(2);
        }

        var at = db.TimeValue(now);
        var message = db.Command(SqliteMessageSql);
        message.Set("task", taskId);
        message.Set("text", text);
        message.Set("employee", employeeId);
        message.Set("now", at);
        var messageId = Scalar(message);
        var delivery = db.Command(SqliteDeliverySql);
        delivery.Set("message", messageId);
        delivery.Set("integration", integrationId);
        delivery.Set("lane", chatId is { } chat ? Delivery.MessageDelivery.ChatLane(chat) : Delivery.MessageDelivery.TaskLane(taskId));
        delivery.Set("now", at);
        return new ReplyAccepted(messageId, number, Scalar(delivery));
    }

    private static long Scalar(DbCommand command) =>
        Convert.ToInt64(command.ExecuteScalar() ?? throw new InvalidOperationException("The statement returned no row."), System.Globalization.CultureInfo.InvariantCulture);

    private sealed record TaskIntegration(int IntegrationId);

    private sealed class PostgresReply(long number, string text, int employeeId, TimeProvider time) : BatchedStatement<ReplyOutcome>
    {
        internal override NpgsqlBatchCommand Command()
        {
            var command = new NpgsqlBatchCommand(PostgresSql);
            command.Set("number", number);
            command.Set("text", text);
            command.Set("employee", employeeId);
            command.Set("now", time.GetUtcNow().ToUniversalTime());
            return command;
        }

        internal override bool TryRead(DbDataReader reader, out ReplyOutcome result)
        {
            result = null!;
            if (!reader.Read())
            {
                return false;
            }

            result = ReplyOutcome.Done(new ReplyAccepted(reader.GetInt64(0), number, reader.GetInt64(1)));
            return true;
        }
    }
}
