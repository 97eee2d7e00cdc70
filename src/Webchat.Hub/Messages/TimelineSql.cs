namespace Webchat.Hub.Messages;

/// <summary>
/// A sent message's timeline kept bounded in SQL, as <see cref="MessageTicks.KeepBounded"/> does in C#: before
/// one more step is added, the steps after the first and before the latest ones go. Shared by the delivery
/// outcome (<c>DeliveredSql</c>) and the provider's report (<c>StatusSql</c>), on both stores.
/// </summary>
internal static class TimelineSql
{
    /// <summary>Steps kept besides the first when one more is added: the timeline stays within <see cref="MessageTicks.MaxTimeline"/>.</summary>
    private const int KeepLatest = MessageTicks.MaxTimeline - 2;

    /// <summary>Deletes what must go from <c>@message</c>'s timeline, when <paramref name="condition"/> (SQL, "" for always) holds.</summary>
    public static string Trim(string condition) => $"""
        DELETE FROM "MessageStatusEvents" WHERE "MessageId" = @message{condition} AND "Id" NOT IN (
            SELECT "Id" FROM (SELECT "Id" FROM "MessageStatusEvents" WHERE "MessageId" = @message ORDER BY "Id" LIMIT 1) AS kept_first
            UNION ALL
            SELECT "Id" FROM (SELECT "Id" FROM "MessageStatusEvents" WHERE "MessageId" = @message ORDER BY "Id" DESC LIMIT {KeepLatest}) AS kept_latest)
        """;
}
