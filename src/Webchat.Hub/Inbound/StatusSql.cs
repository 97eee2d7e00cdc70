using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>
/// A provider's <c>messageStatus</c> kept without change tracking: the message found (one the hub sent, in a
/// task of the reporting integration), the report added to its timeline, kept bounded as
/// <see cref="MessageTicks.KeepBounded"/> keeps it (the first step and the latest ones), and its ticks moved
/// only forward (<see cref="MessageTicks.MovesForward"/>). Loading the message through EF Core cost two
/// queries (its attachments and timeline came along) and change tracking for every report, in the writer,
/// where everyone waits. PostgreSQL runs it as one statement; SQLite, where a statement is a call within the
/// process, runs the same steps as prepared statements one by one.
/// </summary>
internal static class StatusSql
{
    // ---- PostgreSQL: one statement; its row is the task's number, none when the message is not the integration's ----

    // The ticks' rule is MovesForward's, handed over as a bit per status the ticks may move from (@forward),
    // and checked against the row as it is when updated: a report racing another hub's cannot move them back.
    private static readonly string PostgresSql = $"""
        WITH found AS (
            SELECT m."Id", t."Number" FROM "Messages" AS m JOIN "Tasks" AS t ON t."Id" = m."TaskId"
            WHERE m."Id" = @message AND m."Direction" = 2 AND t."IntegrationId" = @integration),
        trimmed AS ({TimelineSql.Trim(" AND EXISTS (SELECT 1 FROM found)")}),
        step AS (
            INSERT INTO "MessageStatusEvents" ("MessageId", "At", "Status", "Text", "Source")
            SELECT "Id", CAST(@now AS timestamptz), CAST(@status AS integer), CAST(@text AS text), 1 FROM found),
        ticks AS (
            UPDATE "Messages" SET "Status" = CAST(@status AS integer), "StatusText" = CAST(@text AS text)
            WHERE "Id" = @message AND EXISTS (SELECT 1 FROM found) AND ((CAST(@forward AS integer) >> COALESCE("Status", 0)) & 1) = 1)
        SELECT "Number" FROM found
        """;

    // ---- SQLite: the same steps, one prepared statement each ----------------------------------------------------

    private const string SqliteFindSql = """
        SELECT t."Number" FROM "Messages" AS m JOIN "Tasks" AS t ON t."Id" = m."TaskId"
        WHERE m."Id" = @message AND m."Direction" = 2 AND t."IntegrationId" = @integration
        """;

    private static readonly string SqliteTrimSql = TimelineSql.Trim("");

    private const string SqliteStepSql = """
        INSERT INTO "MessageStatusEvents" ("MessageId", "At", "Status", "Text", "Source") VALUES (@message, @now, @status, @text, 1)
        """;

    private const string SqliteTicksSql = """
        UPDATE "Messages" SET "Status" = @status, "StatusText" = @text
        WHERE "Id" = @message AND ((@forward >> COALESCE("Status", 0)) & 1) = 1
        """;

    /// <summary>
    /// Keeps the report inside the caller's write; answers the message's task number, or null when the message
    /// is not one the hub sent to integration <paramref name="integrationId"/> (nothing is written then).
    /// </summary>
    public static long? Record(HubDbContext db, int integrationId, long messageId, DeliveryStatus status, string? text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var forward = ForwardFrom(status);
        if (db is PostgresHubDbContext)
        {
            var record = db.Command(PostgresSql);
            record.Set("message", messageId);
            record.Set("integration", integrationId);
            record.Set("now", db.TimeValue(now));
            record.Set("status", (int)status);
            record.Set("text", text);
            record.Set("forward", forward);
            return Number(record.ExecuteScalar());
        }

        var find = db.Command(SqliteFindSql);
        find.Set("message", messageId);
        find.Set("integration", integrationId);
        if (Number(find.ExecuteScalar()) is not { } number)
        {
            return null;
        }

        var trim = db.Command(SqliteTrimSql);
        trim.Set("message", messageId);
        trim.ExecuteNonQuery();
        var step = db.Command(SqliteStepSql);
        step.Set("message", messageId);
        step.Set("now", db.TimeValue(now));
        step.Set("status", (int)status);
        step.Set("text", text);
        step.ExecuteNonQuery();
        var ticks = db.Command(SqliteTicksSql);
        ticks.Set("message", messageId);
        ticks.Set("status", (int)status);
        ticks.Set("text", text);
        ticks.Set("forward", forward);
        ticks.ExecuteNonQuery();
        return number;
    }

    /// <summary>
    /// The statuses the ticks may move from to <paramref name="next"/>, one bit each at its value (a message
    /// without ticks counts as pending, as <see cref="MessageTicks.MovesForward"/> is asked): the rule stays in C#.
    /// </summary>
    internal static int ForwardFrom(DeliveryStatus next) =>
        Enum.GetValues<DeliveryStatus>().Where(current => MessageTicks.MovesForward(current, next)).Aggregate(0, (bits, current) => bits | (1 << (int)current));

    private static long? Number(object? scalar) =>
        scalar is null or DBNull ? null : Convert.ToInt64(scalar, System.Globalization.CultureInfo.InvariantCulture);
}
