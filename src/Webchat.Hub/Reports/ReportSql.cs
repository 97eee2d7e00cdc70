namespace Webchat.Hub.Reports;

/// <summary>
/// The report's statements, per store. Each reads one period through the indexes on the time columns
/// (<see cref="ReportIndexes"/>) and groups in SQL: what comes back is a few rows per day, channel or
/// employee, never the messages. <c>@from</c>/<c>@to</c> bound the period (to excluded); <c>@integration</c>,
/// when the filter is on, is the integration's id. Directions: 0 contact, 1 echo, 2 reply, 3 note.
/// </summary>
internal static class ReportSql
{
    /// <summary>The most tasks whose durations (first response, resolution) a report reads: the period's newest.</summary>
    public const string Bound = "@bound";

    /// <summary>
    /// The period's messages in one pass from the covering index, by day, channel, author and direction; the
    /// caller folds the few rows into each breakdown (one pass instead of one per breakdown).
    /// </summary>
    public static string Messages(bool postgres, bool byIntegration) => $"""
        SELECT {Day(postgres, "m")}, ch."Channel", m."AuthorEmployeeId", m."Direction", COUNT(*)
        FROM "Messages" m JOIN "Tasks" t ON t."Id" = m."TaskId" LEFT JOIN "Chats" ch ON ch."Id" = t."ChatId"
        WHERE m."CreatedAt" >= @from AND m."CreatedAt" < @to{IntegrationFilter(byIntegration)}
        GROUP BY 1, 2, 3, 4
        """;

    public static string NewTasks(bool postgres, bool byIntegration) => $"""
        SELECT {Day(postgres, "t")}, ch."Channel", COUNT(*) FROM "Tasks" t LEFT JOIN "Chats" ch ON ch."Id" = t."ChatId"
        WHERE t."CreatedAt" >= @from AND t."CreatedAt" < @to{IntegrationFilter(byIntegration)}
        GROUP BY 1, 2
        """;

    /// <summary>
    /// For the period's newest tasks: the contact's first message, and the first employee reply (from the hub
    /// or echoed) after it; tasks the contact never wrote in are left out.
    /// </summary>
    public static string FirstResponses(bool byIntegration) => $"""
        SELECT x."First", (SELECT MIN(r."CreatedAt") FROM "Messages" r
                           WHERE r."TaskId" = x."Id" AND r."Direction" IN (1, 2) AND r."CreatedAt" >= x."First")
        FROM (SELECT t."Id", (SELECT MIN(m."CreatedAt") FROM "Messages" m WHERE m."TaskId" = t."Id" AND m."Direction" = 0) AS "First"
              FROM "Tasks" t
              WHERE t."CreatedAt" >= @from AND t."CreatedAt" < @to{IntegrationFilter(byIntegration)}
              ORDER BY t."CreatedAt" DESC LIMIT {Bound}) AS x
        WHERE x."First" IS NOT NULL
        """;

    /// <summary>The period's newest completed tasks: when each was opened and completed.</summary>
    public static string Resolutions(bool byIntegration) => $"""
        SELECT t."CreatedAt", t."CompletedAt" FROM "Tasks" t
        WHERE t."CompletedAt" >= @from AND t."CompletedAt" < @to{IntegrationFilter(byIntegration)}
        ORDER BY t."CompletedAt" DESC LIMIT {Bound}
        """;

    /// <summary>
    /// The UTC day of a row as days since 1970-01-01 (SQLite keeps times as Unix milliseconds). On PostgreSQL a date
    /// difference, not extract(epoch), which is numeric and cost a third of the report's time at a million rows.
    /// </summary>
    private static string Day(bool postgres, string alias) => postgres
        ? $"""CAST(({alias}."CreatedAt" AT TIME ZONE 'UTC')::date - DATE '1970-01-01' AS bigint)"""
        : $"""({alias}."CreatedAt" / 86400000)""";

    private static string IntegrationFilter(bool byIntegration) => byIntegration ? """ AND t."IntegrationId" = @integration""" : "";
}
