using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Inbox;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Console;

/// <summary>
/// The SQL of the console's hot queries, kept in <c>Console/Sql/*.sql</c>: a change of shape (a window
/// over every message, a scan that grows with the store) shows up as a failing test and a diff to read.
/// A missing or changed snapshot is written beside it as <c>.received.sql</c>; copy it over the
/// snapshot once the new SQL is understood.
/// </summary>
public sealed class InboxSqlTests
{
    public static TheoryData<StoreKind, string> Queries()
    {
        var data = new TheoryData<StoreKind, string>();
        foreach (var store in new[] { StoreKind.Sqlite, StoreKind.Postgres })
        {
            foreach (var name in Shapes.Keys)
            {
                data.Add(store, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void The_sql_of_each_console_query_keeps_its_shape(StoreKind store, string query)
    {
        using var db = Context(store);
        var sql = Shapes[query](db).ReplaceLineEndings("\n").Trim() + "\n";
        Assert.Equal(Snapshot(store, query, sql), sql);
    }

    private static readonly Dictionary<string, Func<HubDbContext, string>> Shapes = new(StringComparer.Ordinal)
    {
        ["inbox-default"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Active, null, null, InboxWho.All, null, 1)),
        ["inbox-all-page3"] = db => Ids(db, new InboxFilter(null, null, null, InboxWho.All, null, 3)),
        ["inbox-completed"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Completed, null, null, InboxWho.All, null, 1)),
        ["inbox-integration"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Active, "superchat", null, InboxWho.All, null, 1), integrationId: 1),
        ["inbox-channel"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Active, null, "telegram", InboxWho.All, null, 1)),
        ["inbox-mine"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Active, null, null, InboxWho.Mine, null, 1)),
        ["inbox-unassigned"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Active, null, null, InboxWho.Unassigned, null, 1)),
        ["inbox-search"] = db => Ids(db, new InboxFilter(ChatTaskStatus.Active, null, null, InboxWho.All, "boiler", 1), matching: [3, 5, 8]),
        ["inbox-search-side"] = db => InboxQueries.SearchSide(db, [3, 5, 8]).Take(InboxQueries.FewMatches + 1).ToQueryString(),
        ["inbox-mine-side"] = db => InboxQueries.MineSide(db, 2).Take(InboxQueries.FewMatches + 1).ToQueryString(),
        ["inbox-channel-side"] = db => InboxQueries.ChannelSide(db, "telegram").Take(InboxQueries.FewMatches + 1).ToQueryString(),
        ["inbox-candidates"] = db => InboxQueries.Candidates(db, new InboxFilter(ChatTaskStatus.Active, null, "telegram", InboxWho.Mine, null, 1), null, 2, null, [10, 11, 12]).ToQueryString(),
        ["inbox-rows"] = db => InboxQueries.Rows(db, [10, 11, 12], employeeId: 2).ToQueryString(),
        ["inbox-last-messages"] = db => InboxQueries.LastMessages(db, [100, 110, 120]).ToQueryString(),
        ["inbox-channels"] = _ => ChannelList.Sql,
    };

    private static string Ids(HubDbContext db, InboxFilter filter, int? integrationId = null, long[]? matching = null) =>
        InboxQueries.PageIds(db, filter, integrationId, employeeId: 2, matching).ToQueryString();

    /// <summary>A context of the store's kind; SQL is rendered without a connection.</summary>
    private static HubDbContext Context(StoreKind store) => store == StoreKind.Sqlite
        ? new SqliteHubDbContext(new DbContextOptionsBuilder<SqliteHubDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresHubDbContext(new DbContextOptionsBuilder<PostgresHubDbContext>().UseNpgsql("Host=127.0.0.1;Database=none").Options);

    private static string Snapshot(StoreKind store, string query, string actual, [CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "Sql", $"{query}.{store.ToString().ToLowerInvariant()}");
        var expected = File.Exists(path + ".sql") ? File.ReadAllText(path + ".sql").ReplaceLineEndings("\n") : "";
        if (expected != actual)
        {
            File.WriteAllText(path + ".received.sql", actual);
        }

        return expected;
    }
}
