using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console.Inbox;

/// <summary>
/// The channels the inbox's filter offers: the distinct channels of the chats, in order. Read by hopping
/// through the index on <c>Chats.Channel</c> from one value to the next (a loose index scan, written out
/// because neither store does it for DISTINCT), so it costs one index seek per channel shown, however
/// many chats and messages are stored, and is never stale.
/// </summary>
internal static class ChannelList
{
    // The same SQL on both stores; the depth column stops it at 50 channels, the most the filter offers.
    internal const string Sql = """
        WITH RECURSIVE "Found"("Channel", "Depth") AS (
            SELECT (SELECT "Channel" FROM "Chats" WHERE "Channel" IS NOT NULL ORDER BY "Channel" LIMIT 1), 1
            UNION ALL
            SELECT (SELECT c."Channel" FROM "Chats" c WHERE c."Channel" > f."Channel" ORDER BY c."Channel" LIMIT 1), f."Depth" + 1
            FROM "Found" f
            WHERE f."Channel" IS NOT NULL AND f."Depth" < 50
        )
        SELECT "Channel" AS "Value" FROM "Found" WHERE "Channel" IS NOT NULL
        """;

    public static async Task<IReadOnlyList<string>> ListAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Database.SqlQueryRaw<string>(Sql).ToListAsync(cancellationToken);
    }
}
