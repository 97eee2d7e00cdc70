using Npgsql;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>
/// The common outcome, a reply the provider took (not a first message, which links a chat), settled in
/// SQL for a whole group of attempts at once: the delivery marked delivered (only under this hub's
/// claim), the attempt kept, a "sent" step added to the message's bounded timeline, and its ticks moved
/// forward. PostgreSQL runs one statement per attempt, all in one round trip; SQLite, where a statement
/// is a call within the process, runs the same steps as prepared statements one by one.
/// </summary>
internal static class DeliveredSql
{
    // ---- PostgreSQL: one statement per attempt; its row says the claim held -------------------------

    private static readonly string PostgresSql = $"""
        WITH d AS (
            UPDATE "Deliveries" SET "State" = 2, "ClaimToken" = NULL, "LeaseUntil" = NULL, "AttemptCount" = "AttemptCount" + 1,
                "LastError" = NULL, "FinishedAt" = @now
            WHERE "Id" = @id AND "State" = 1 AND "ClaimToken" = @token
            RETURNING "Id", "MessageId"),
        attempt AS (
            INSERT INTO "DeliveryAttempts" ("DeliveryId", "At", "StatusCode", "LatencyMs", "Answer", "Error", "Outcome")
            SELECT "Id", CAST(@at AS timestamptz), CAST(@status AS integer), CAST(@latency AS integer), CAST(@answer AS text), NULL, 0 FROM d),
        trimmed AS ({TimelineSql.Trim(" AND EXISTS (SELECT 1 FROM d)")}),
        step AS (
            INSERT INTO "MessageStatusEvents" ("MessageId", "At", "Status", "Text", "Source")
            SELECT "MessageId", CAST(@now AS timestamptz), 1, NULL, 0 FROM d),
        ticks AS (
            UPDATE "Messages" SET "Status" = 1, "StatusText" = NULL
            WHERE "Id" = @message AND EXISTS (SELECT 1 FROM d) AND ("Status" IS NULL OR "Status" IN (0, 3)))
        SELECT "Id" FROM d
        """;

    // ---- SQLite: the same steps, one prepared statement each -------------------------------------------

    private const string SqliteDeliveredSql = """
        UPDATE "Deliveries" SET "State" = 2, "ClaimToken" = NULL, "LeaseUntil" = NULL, "AttemptCount" = "AttemptCount" + 1,
            "LastError" = NULL, "FinishedAt" = @now
        WHERE "Id" = @id AND "State" = 1 AND "ClaimToken" = @token
        """;

    private const string SqliteAttemptSql = """
        INSERT INTO "DeliveryAttempts" ("DeliveryId", "At", "StatusCode", "LatencyMs", "Answer", "Error", "Outcome")
        VALUES (@id, @at, @status, @latency, @answer, NULL, 0)
        """;

    private static readonly string SqliteTrimSql = TimelineSql.Trim("");

    private const string SqliteStepSql = """
        INSERT INTO "MessageStatusEvents" ("MessageId", "At", "Status", "Text", "Source") VALUES (@message, @now, 1, NULL, 0)
        """;

    private const string SqliteTicksSql = """
        UPDATE "Messages" SET "Status" = 1, "StatusText" = NULL WHERE "Id" = @message AND ("Status" IS NULL OR "Status" IN (0, 3))
        """;

    /// <summary>
    /// Settles each delivered attempt inside the caller's write; true where this hub's claim still held
    /// (false: another hub took the delivery over, and nothing of that attempt is kept).
    /// </summary>
    public static bool[] Settle(HubDbContext db, IReadOnlyList<(DeliveryJob Job, AttemptResult Result)> attempts, DateTimeOffset now) =>
        db is PostgresHubDbContext ? SettlePostgres(db, attempts, now) : SettleSqlite(db, attempts, now);

    private static bool[] SettlePostgres(HubDbContext db, IReadOnlyList<(DeliveryJob Job, AttemptResult Result)> attempts, DateTimeOffset now)
    {
        var transaction = (NpgsqlTransaction)Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(
            db.Database.CurrentTransaction ?? throw new InvalidOperationException("Deliveries are settled inside the writer's transaction."));
        using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var (job, result) in attempts)
        {
            var command = new NpgsqlBatchCommand(PostgresSql);
            command.Set("id", job.DeliveryId);
            command.Set("token", job.ClaimToken);
            command.Set("message", job.MessageId);
            command.Set("now", db.TimeValue(now));
            command.Set("at", db.TimeValue(result.At));
            command.Set("status", result.StatusCode);
            command.Set("latency", result.LatencyMs);
            command.Set("answer", result.Answer);
            batch.BatchCommands.Add(command);
        }

        var settled = new bool[attempts.Count];
        using var reader = batch.ExecuteReader();
        for (var i = 0; i < attempts.Count; i++)
        {
            if (i > 0)
            {
                reader.NextResult();
            }

            settled[i] = reader.Read();
        }

        return settled;
    }

    private static bool[] SettleSqlite(HubDbContext db, IReadOnlyList<(DeliveryJob Job, AttemptResult Result)> attempts, DateTimeOffset now)
    {
        var settled = new bool[attempts.Count];
        var at = db.TimeValue(now);
        for (var i = 0; i < attempts.Count; i++)
        {
            var (job, result) = attempts[i];
            var delivered = db.Command(SqliteDeliveredSql);
            delivered.Set("id", job.DeliveryId);
            // EF Core keeps a Guid in SQLite as its upper-case text.
            delivered.Set("token", job.ClaimToken.ToString().ToUpperInvariant());
            delivered.Set("now", at);
            if (delivered.ExecuteNonQuery() == 0)
            {
                continue;
            }

            var attempt = db.Command(SqliteAttemptSql);
            attempt.Set("id", job.DeliveryId);
            attempt.Set("at", db.TimeValue(result.At));
            attempt.Set("status", result.StatusCode);
            attempt.Set("latency", result.LatencyMs);
            attempt.Set("answer", result.Answer);
            attempt.ExecuteNonQuery();
            foreach (var sql in (ReadOnlySpan<string>)[SqliteTrimSql, SqliteStepSql, SqliteTicksSql])
            {
                var command = db.Command(sql);
                command.Set("message", job.MessageId);
                if (sql == SqliteStepSql)
                {
                    command.Set("now", at);
                }

                command.ExecuteNonQuery();
            }

            settled[i] = true;
        }

        return settled;
    }
}
