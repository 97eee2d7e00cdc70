namespace Webchat.Hub.Search;

/// <summary>
/// The search statements of each store. Each finds the matching messages and contacts through the
/// index the <c>SearchIndex</c> migration made (SQLite: the FTS5 tables; PostgreSQL: the GIN
/// expression indexes, whose expressions these repeat exactly), then the tasks they belong to.
/// Filters are appended as fixed SQL with parameters, never with the user's text.
/// </summary>
internal static class SearchSql
{
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

    /// <summary>The ids of the tasks whose messages or contact match: <c>@messages</c> and <c>@contacts</c> are the two match expressions.</summary>
    private const string SqliteTaskHits = """
        SELECT m."TaskId" FROM "MessageSearch" JOIN "Messages" m ON m."Id" = "MessageSearch".rowid WHERE "MessageSearch" MATCH @messages
        UNION
        SELECT t."Id" FROM "ContactSearch" JOIN "Tasks" t ON t."ContactId" = "ContactSearch".rowid WHERE "ContactSearch" MATCH @contacts
        """;

    private const string PostgresTaskHits = $"""
        SELECT m."TaskId" FROM "Messages" m WHERE {PostgresMessageVector} @@ to_tsquery('simple'::regconfig, @messages)
        UNION
        SELECT t."Id" FROM "Contacts" c JOIN "Tasks" t ON t."ContactId" = c."Id" WHERE {PostgresContactVector} @@ to_tsquery('simple'::regconfig, @contacts)
        """;

    /// <summary>The numbers of matching tasks, newest first; the caller appends its filters and <see cref="TaskOrder"/>.</summary>
    public static string Tasks(bool postgres, bool byChannel) => $"""
        WITH hits("Id") AS ({(postgres ? PostgresTaskHits : SqliteTaskHits)})
        SELECT t."Number" FROM hits JOIN "Tasks" t ON t."Id" = hits."Id"
        {(byChannel ? """JOIN "Chats" ch ON ch."Id" = t."ChatId" """ : "")}
        WHERE 1 = 1
        """;

    public const string TaskOrder = """ ORDER BY t."Number" DESC LIMIT @limit""";

    /// <summary>The numbers of matching contacts (<c>@contacts</c>), newest first; the caller appends its filters and <see cref="ContactOrder"/>.</summary>
    public static string Contacts(bool postgres) => postgres
        ? $"""SELECT c."Number" FROM "Contacts" c WHERE {PostgresContactVector} @@ to_tsquery('simple'::regconfig, @contacts)"""
        : """SELECT c."Number" FROM "ContactSearch" JOIN "Contacts" c ON c."Id" = "ContactSearch".rowid WHERE "ContactSearch" MATCH @contacts""";

    public const string ContactOrder = """ ORDER BY c."Number" DESC LIMIT @limit""";
}
