namespace Webchat.Hub.Search;

/// <summary>
/// The search statements of each store. Each finds the matching messages and contacts through the
/// index the <c>SearchIndex</c> migration made (SQLite: the FTS5 tables; PostgreSQL: the GIN
/// expression indexes, whose expressions these repeat exactly), then the tasks they belong to.
/// Filters are appended as fixed SQL with parameters, never with the user's text.
/// </summary>
internal static class SearchSql
{
    /// <summary>
    /// Prefixed to PostgreSQL's searches, for them alone (SET LOCAL ends with the statement's implicit
    /// transaction). The planner cannot tell how few rows a word's index finds and costs the query
    /// high: it would start parallel workers and compile it with JIT, which take 10–100 ms, for a few
    /// index lookups that take under one.
    /// </summary>
    private const string PostgresSettings = "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; ";

    /// <summary>PostgreSQL's indexed expression for a message: see the SearchIndex migration.</summary>
    private const string PostgresMessageVector = """
        to_tsvector('simple'::regconfig, translate(lower(m."Text" COLLATE "und-x-icu"), '@.+-_/:ё', '       е'))
        """;

    /// <summary>PostgreSQL's indexed expression for a contact: see the SearchIndex migration.</summary>
    private const string PostgresContactVector = """
        to_tsvector('simple'::regconfig, translate(lower(
            coalesce(c."Name", '') || ' ' || coalesce(c."LastName", '') || ' ' || coalesce(c."Email", '') || ' ' || coalesce(c."Phone", '')
            || ' ' || regexp_replace(coalesce(c."Phone", ''), '[^0-9]', '', 'g') COLLATE "und-x-icu"), '@.+-_/:ё', '       е'))
        """;

    /// <summary>
    /// The ids of the tasks whose messages or contact match (<c>@messages</c> and <c>@contacts</c> are the
    /// two match expressions), from the newest <c>@scan</c> matching messages and contacts: a word in
    /// every message reads that many rows, not a million (its index entry is still read whole).
    /// </summary>
    private const string SqliteTaskHits = """
        SELECT m."TaskId" FROM (SELECT rowid AS "Id" FROM "MessageSearch" WHERE "MessageSearch" MATCH @messages ORDER BY rowid DESC LIMIT @scan) AS found
        JOIN "Messages" m ON m."Id" = found."Id"
        UNION
        SELECT t."Id" FROM (SELECT rowid AS "Id" FROM "ContactSearch" WHERE "ContactSearch" MATCH @contacts ORDER BY rowid DESC LIMIT @scan) AS found
        JOIN "Tasks" t ON t."ContactId" = found."Id"
        """;

    // Each task is looked up by its key (a lateral subquery that OFFSET 0 keeps from being flattened):
    // the planner cannot know how few ids the limited subqueries yield, and would otherwise hash-join
    // them with a scan of every task.
    private const string PostgresTaskHits = $"""
        SELECT found."TaskId" FROM (
            SELECT m."TaskId" FROM "Messages" m WHERE {PostgresMessageVector} @@ to_tsquery('simple'::regconfig, @messages)
            ORDER BY m."Id" DESC LIMIT @scan) AS found
        UNION
        SELECT t."Id" FROM (
            SELECT c."Id" FROM "Contacts" c WHERE {PostgresContactVector} @@ to_tsquery('simple'::regconfig, @contacts)
            ORDER BY c."Id" DESC LIMIT @scan) AS found
        CROSS JOIN LATERAL (SELECT "Id" FROM "Tasks" WHERE "ContactId" = found."Id" OFFSET 0) AS t
        """;

    /// <summary>
    /// The numbers of matching tasks, newest first, at most <c>@limit</c>. <paramref name="filters"/> is
    /// fixed SQL over the task <c>t</c> (and, with <paramref name="byChannel"/>, its chat <c>ch</c>) with parameters.
    /// </summary>
    public static string Tasks(bool postgres, bool byChannel, string filters)
    {
        var chat = byChannel ? """ JOIN "Chats" ch ON ch."Id" = t."ChatId" """ : "";
        return postgres
            ? $"""
                {PostgresSettings}
                WITH hits("Id") AS ({PostgresTaskHits})
                SELECT t."Number" FROM hits
                CROSS JOIN LATERAL (SELECT t."Number" FROM "Tasks" t{chat} WHERE t."Id" = hits."Id"{filters} OFFSET 0) AS t
                ORDER BY t."Number" DESC LIMIT @limit
                """
            : $"""
                WITH hits("Id") AS ({SqliteTaskHits})
                SELECT t."Number" FROM hits JOIN "Tasks" t ON t."Id" = hits."Id"{chat}
                WHERE 1 = 1{filters}
                ORDER BY t."Number" DESC LIMIT @limit
                """;
    }

    /// <summary>The numbers of matching contacts (<c>@contacts</c>), newest first, at most <c>@limit</c>; <paramref name="filters"/> as for <see cref="Tasks"/>, over the contact <c>c</c>.</summary>
    public static string Contacts(bool postgres, string filters) => (postgres
        ? $"""{PostgresSettings}SELECT c."Number" FROM "Contacts" c WHERE {PostgresContactVector} @@ to_tsquery('simple'::regconfig, @contacts)"""
        : """SELECT c."Number" FROM "ContactSearch" JOIN "Contacts" c ON c."Id" = "ContactSearch".rowid WHERE "ContactSearch" MATCH @contacts""")
        + filters + """ ORDER BY c."Number" DESC LIMIT @limit""";
}
