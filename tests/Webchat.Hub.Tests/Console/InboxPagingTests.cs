using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Inbox;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Console;

/// <summary>The inbox's filters, order and pages on each store, and the plans that keep them index reads.</summary>
public sealed class InboxPagingTests
{
    private const int Tasks = InboxQueries.PageSize + 1;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Every_filter_pages_in_the_order_of_latest_activity_up_to_its_last_row(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using (var provider = hub.Provider())
        {
            for (var i = 1; i <= Tasks; i++)
            {
                var channel = (i % 3) switch { 0 => "telegram", 1 => "whatsapp", _ => null };
                await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, $"chat-{i}", $"Question {i}", new ContactDetails($"c-{i}", "Ivan"), Channel: channel));
            }

            // Task 1 becomes the newest activity.
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "Once more", new ContactDetails("c-1", "Ivan")));
        }

        var newestFirst = new long[] { 1 }.Concat(Enumerable.Range(2, Tasks - 1).Reverse().Select(n => (long)n)).ToArray();
        var inbox = hub.Services.GetRequiredService<InboxQueries>();
        var employees = hub.Services.GetRequiredService<IntegrationRegistry>().Employees;
        var me = employees.Single(e => e.Email == TestData.OwnerEmail).Id;
        var agent = employees.Single(e => e.Email == TestData.AgentEmail).Id;

        async Task<(long[] Numbers, bool HasMore)> PageAsync(ChatTaskStatus? status = ChatTaskStatus.Active, string? integration = null, string? channel = null, InboxWho who = InboxWho.All, int page = 1, IReadOnlyCollection<long>? matching = null)
        {
            var filter = new InboxFilter(status, integration, channel, who, null, page);
            var result = await inbox.PageAsync(filter, me, matching, TestContext.Current.CancellationToken);
            long[] numbers = [.. result.Rows.Select(r => r.Number)];

            // A narrow filter's page is cut from its few matches; read through the order index instead, it is the same.
            var integrationId = integration is null ? (int?)null : hub.Services.GetRequiredService<IntegrationRegistry>().FindByProviderId(integration)?.Id ?? -1;
            var byIndex = await hub.ReadAsync(async db =>
            {
                var ids = await InboxQueries.PageIds(db, filter, integrationId, me, matching).ToListAsync(TestContext.Current.CancellationToken);
                var numberOf = await db.Tasks.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Number, TestContext.Current.CancellationToken);
                return ids.Select(id => numberOf[id]).ToList();
            });
            Assert.Equal(byIndex.Take(InboxQueries.PageSize), numbers);
            Assert.Equal(byIndex.Count > InboxQueries.PageSize, result.HasMore);
            return (numbers, result.HasMore);
        }

        // All 51: a full first page with more behind it, then the one left, and nothing beyond.
        var first = await PageAsync();
        Assert.Equal(newestFirst[..InboxQueries.PageSize], first.Numbers);
        Assert.True(first.HasMore);
        AssertPage(newestFirst[InboxQueries.PageSize..], false, await PageAsync(page: 2));
        AssertPage([], false, await PageAsync(page: 3));

        // One completed: exactly a page of active ones, and no "Older" link.
        await hub.CompleteTaskAsync(newestFirst[^1]);
        AssertPage(newestFirst[..InboxQueries.PageSize], false, await PageAsync());
        AssertPage([newestFirst[^1]], false, await PageAsync(ChatTaskStatus.Completed));
        AssertPage(newestFirst[InboxQueries.PageSize..], false, await PageAsync(status: null, page: 2));

        // The integration: all of this one's, none of the other's.
        AssertPage(newestFirst[..InboxQueries.PageSize], false, await PageAsync(integration: TestData.ProviderId));
        AssertPage([], false, await PageAsync(integration: TestData.OtherProviderId));

        // The channel, in order.
        var telegram = newestFirst.Where(n => n % 3 == 0).ToArray();
        AssertPage(telegram, false, await PageAsync(status: null, channel: "telegram"));

        // Mine and unassigned split the tasks.
        var work = hub.Services.GetRequiredService<TaskWork>();
        long[] mine = [newestFirst[3], newestFirst[7], newestFirst[40]];
        foreach (var number in mine)
        {
            Assert.Equal(AssignOutcome.Done, await work.AssignAsync(number, me, TestContext.Current.CancellationToken));
        }

        await work.AssignAsync(newestFirst[5], agent, TestContext.Current.CancellationToken);
        AssertPage(mine, false, await PageAsync(who: InboxWho.Mine));
        AssertPage(newestFirst.Where(n => !mine.Contains(n) && n != newestFirst[5] && n != newestFirst[^1]).ToArray(), false, await PageAsync(who: InboxWho.Unassigned));

        // A search's matches, in the inbox's order whatever order the search gave them.
        AssertPage([newestFirst[2], newestFirst[30]], false, await PageAsync(matching: [newestFirst[30], newestFirst[2], 9999]));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_channel_filter_offers_each_channel_once_in_order_and_at_most_fifty(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using (var provider = hub.Provider())
        {
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "One", new ContactDetails("c-1", "Ivan"), Channel: "whatsapp"));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-2", "Two", new ContactDetails("c-2", "Ivan"), Channel: "telegram"));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-3", "Three", new ContactDetails("c-3", "Ivan"), Channel: "whatsapp"));
            await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-4", "Four", new ContactDetails("c-4", "Ivan")));
        }

        Assert.Equal(["telegram", "whatsapp"], await ChannelsAsync(hub));

        // Sixty chats more, each with a channel of its own: the fifty first in the store's order.
        await hub.ChangeAsync(async db =>
        {
            var chat = await db.Chats.FirstAsync(TestContext.Current.CancellationToken);
            for (var i = 0; i < 60; i++)
            {
                db.Chats.Add(new Chat { IntegrationId = chat.IntegrationId, ExternalId = $"more-{i}", Channel = $"ch-{i:00}", ContactId = chat.ContactId, CreatedAt = chat.CreatedAt });
            }

            return 0;
        });
        var expected = await hub.ReadAsync(db => db.Chats.Where(c => c.Channel != null).Select(c => c.Channel!).Distinct().OrderBy(c => c).Take(50).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(50, expected.Count);
        Assert.Equal(expected, await ChannelsAsync(hub));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_default_inbox_is_read_in_index_order_and_its_rows_without_a_window_over_messages(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await hub.ReadAsync(async db =>
        {
            var ids = InboxQueries.PageIds(db, new InboxFilter(ChatTaskStatus.Active, null, null, InboxWho.All, null, 1), null, 1, null);
            var idsPlan = await PlanAsync(db, ids);
            var rowsPlan = await PlanAsync(db, InboxQueries.Rows(db, [1, 2, 3], 1));
            var channelsPlan = await PlanAsync(db, db.Database.SqlQueryRaw<string>(ChannelList.Sql));
            var candidatesPlan = await PlanAsync(db, InboxQueries.Candidates(db, new InboxFilter(ChatTaskStatus.Active, null, "telegram", InboxWho.Mine, null, 1), null, 1, null, [1, 2, 3]));
            var sidesPlan = await PlanAsync(db, InboxQueries.MineSide(db, 1)) + "\n" + await PlanAsync(db, InboxQueries.ChannelSide(db, "telegram"))
                + "\n" + await PlanAsync(db, InboxQueries.SearchSide(db, [1, 2, 3]));

            // A sort would read every active task before the first row.
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "TEMP B-TREE" : "Sort", idsPlan, StringComparison.Ordinal);
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "SCAN t" : "Seq Scan", idsPlan, StringComparison.Ordinal);
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "SCAN m" : "WindowAgg", rowsPlan, StringComparison.Ordinal);
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "SCAN c" : "Seq Scan", channelsPlan, StringComparison.Ordinal);
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "SCAN Chats" : "Seq Scan", channelsPlan, StringComparison.Ordinal);

            // A narrow filter's few tasks are read by key, never by walking every task of a status.
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "Status" : "Seq Scan", candidatesPlan, StringComparison.Ordinal);
            Assert.DoesNotContain(store == StoreKind.Sqlite ? "SCAN" : "Seq Scan", sidesPlan, StringComparison.Ordinal);
            return 0;
        });
    }

    private static void AssertPage(long[] expected, bool hasMore, (long[] Numbers, bool HasMore) page)
    {
        Assert.Equal(expected, page.Numbers);
        Assert.Equal(hasMore, page.HasMore);
    }

    private static Task<List<string>> ChannelsAsync(HubHost hub) =>
        hub.ReadAsync(async db => (await ChannelList.ListAsync(db, TestContext.Current.CancellationToken)).ToList());

    /// <summary>
    /// The store's plan for <paramref name="query"/>. PostgreSQL is told to avoid sequential scans and sorts: on a
    /// test's few rows it would pick them, and the question is whether an index serves the query when the store is large.
    /// </summary>
    private static async Task<string> PlanAsync<T>(HubDbContext db, IQueryable<T> query)
    {
        var sqlite = db is SqliteHubDbContext;
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        if (!sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_sort = off", TestContext.Current.CancellationToken);
        }

        await using DbCommand command = query.CreateDbCommand();
        command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetValue(sqlite ? 3 : 0).ToString()!);
        }

        return string.Join("\n", lines);
    }
}
