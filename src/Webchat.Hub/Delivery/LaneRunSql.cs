using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>
/// What a claim's runs may hold: for each due lane head, the lane's first unfinished deliveries from the
/// head on, in order, each marked whether it may go now (free: waiting, or under a lease that ran out;
/// and due). Read through the partial (Lane, Id) index a run's length at a time, so a claim costs its
/// runs, not the backlogs of its lanes. PostgreSQL reads all lanes in one statement (a lateral join: one
/// round trip); SQLite, where a statement is a call within the process, one prepared statement per lane.
/// </summary>
internal static class LaneRunSql
{
    private const string PostgresSql = """
        SELECT h."Id", r."Id", r."Ready"
        FROM "Deliveries" AS h
        CROSS JOIN LATERAL (
            SELECT d."Id", CASE WHEN (d."State" = 0 OR d."LeaseUntil" < @now) AND d."NextAttemptAt" <= @now THEN 1 ELSE 0 END AS "Ready"
            FROM "Deliveries" AS d
            WHERE d."Lane" = h."Lane" AND d."State" IN (0, 1) AND d."Id" >= h."Id"
            ORDER BY d."Id"
            LIMIT @length) AS r
        WHERE h."Id" = ANY(@heads)
        ORDER BY h."Id", r."Id"
        """;

    private const string SqliteSql = """
        SELECT "Id", CASE WHEN ("State" = 0 OR "LeaseUntil" < @now) AND "NextAttemptAt" <= @now THEN 1 ELSE 0 END
        FROM "Deliveries"
        WHERE "Lane" = @lane AND "State" IN (0, 1) AND "Id" >= @head
        ORDER BY "Id"
        LIMIT @length
        """;

    /// <summary>Up to <paramref name="length"/> unfinished deliveries of each head's lane, from the head on, by head.</summary>
    public static async Task<Dictionary<long, List<(long Id, bool Ready)>>> ReadAsync(
        HubDbContext db, IReadOnlyList<(long Head, string Lane)> heads, int length, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lanes = heads.ToDictionary(h => h.Head, _ => new List<(long Id, bool Ready)>(length));
        if (db is PostgresHubDbContext)
        {
            var command = db.Command(PostgresSql);
            command.Set("heads", heads.Select(h => h.Head).ToArray());
            command.Set("length", length);
            command.Set("now", db.TimeValue(now));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lanes[reader.GetInt64(0)].Add((reader.GetInt64(1), reader.GetInt32(2) == 1));
            }

            return lanes;
        }

        foreach (var (head, lane) in heads)
        {
            var command = db.Command(SqliteSql);
            command.Set("lane", lane);
            command.Set("head", head);
            command.Set("length", length);
            command.Set("now", db.TimeValue(now));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lanes[head].Add((reader.GetInt64(0), reader.GetInt64(1) == 1));
            }
        }

        return lanes;
    }
}
