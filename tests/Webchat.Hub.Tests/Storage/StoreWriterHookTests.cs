using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Storage;

/// <summary>
/// A write's committed hook: what must happen right after the commit (a live event, the delivery worker
/// woken) is run by the writer, with the write's result, before its caller hears of it; never for a write
/// that failed, and a hook that throws costs nothing but a log line.
/// </summary>
public sealed class StoreWriterHookTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_hook_runs_after_the_commit_with_the_writes_result_before_the_caller_is_answered(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var writer = hub.Services.GetRequiredService<StoreWriter>();
        var contexts = hub.Services.GetRequiredService<IDbContextFactory<HubDbContext>>();
        var release = await HoldAsync(writer, orderKey: null);

        Task<int>? written = null;
        (int Result, bool Stored, bool CallerAnswered)? seen = null;
        written = writer.WriteAsync(
            (db, _) =>
            {
                db.Employees.Add(new Employee { Email = "hooked@example.com", Name = "Hooked" });
                return Task.FromResult(42);
            },
            result =>
            {
                // Another connection sees the row: the hook runs after the commit, not inside the transaction.
                using var other = contexts.CreateDbContext();
                seen = (result, other.Employees.Any(e => e.Email == "hooked@example.com"), Volatile.Read(ref written)!.IsCompleted);
            },
            TestContext.Current.CancellationToken);
        release();

        Assert.Equal(42, await written);
        Assert.Equal((42, true, false), seen);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_ordered_write_hands_its_hook_the_result_of_the_form_that_took_it(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var writer = hub.Services.GetRequiredService<StoreWriter>();
        const string order = "hook-test/1";
        var release = await HoldAsync(writer, order);

        var hooked = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = writer.WriteAsync(order, new Seven(), (_, _) => Task.FromResult(-1), hooked.SetResult, TestContext.Current.CancellationToken);
        release();

        // PostgreSQL takes the statement, in the batch's round trip; SQLite runs the full form.
        var expected = store == StoreKind.Postgres ? 7 : -1;
        Assert.Equal(expected, await written);
        Assert.Equal(expected, await hooked.Task);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_write_that_fails_runs_no_hook_while_its_batch_mates_run_theirs_once_each(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var writer = hub.Services.GetRequiredService<StoreWriter>();
        var release = await HoldAsync(writer, orderKey: null);

        // Queued behind the held write, so they make one batch: 7 throws, 12 breaks the unique e-mail index.
        // Each failure rolls the batch back and the rest run again; a hook must run only after the last, committed run.
        var hooks = new ConcurrentQueue<int>();
        var writes = Enumerable.Range(0, 20)
            .Select(i => writer.WriteAsync(
                (db, _) =>
                {
                    if (i == 7)
                    {
                        throw new InvalidOperationException("write 7 is broken");
                    }

                    db.Employees.Add(new Employee { Email = i == 12 ? TestData.OwnerEmail : $"mate{i}@example.com", Name = "Mate" });
                    return Task.FromResult(i);
                },
                hooks.Enqueue,
                TestContext.Current.CancellationToken))
            .ToList();
        release();

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[7]);
        await Assert.ThrowsAsync<StoreRejectedException>(() => writes[12]);
        var committed = Enumerable.Range(0, 20).Where(i => i is not (7 or 12)).ToList();
        Assert.Equal(committed, await Task.WhenAll(committed.Select(i => writes[i])));
        Assert.Equal(committed, hooks);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_hook_that_throws_is_logged_and_fails_neither_its_write_nor_the_batch(StoreKind store)
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(store, customize: logs.AddTo);
        var writer = hub.Services.GetRequiredService<StoreWriter>();
        var release = await HoldAsync(writer, orderKey: null);

        var hooks = new ConcurrentQueue<int>();
        var writes = Enumerable.Range(0, 5)
            .Select(i => writer.WriteAsync(
                (db, _) =>
                {
                    db.Employees.Add(new Employee { Email = $"thrower{i}@example.com", Name = "Thrower" });
                    return Task.FromResult(i);
                },
                result =>
                {
                    hooks.Enqueue(result);
                    if (result == 0)
                    {
                        throw new InvalidOperationException("hook 0 is broken");
                    }
                },
                TestContext.Current.CancellationToken))
            .ToList();
        release();

        int[] all = [0, 1, 2, 3, 4];
        Assert.Equal(all, await Task.WhenAll(writes));
        Assert.Equal(all, hooks);
        var stored = await hub.ReadAsync(db => db.Employees.CountAsync(e => e.Email.StartsWith("thrower"), TestContext.Current.CancellationToken));
        Assert.Equal(5, stored);
        var logged = Assert.Single(logs.Entries, e => e.Category == typeof(StoreWriter).FullName && e.Level == LogLevel.Error);
        Assert.Contains("hook 0 is broken", logged.Exception, StringComparison.Ordinal);
    }

    /// <summary>
    /// Holds the writer of <paramref name="orderKey"/> (the first writer when null) with a write that waits
    /// for the test, once that write is running: what is queued next makes one batch after it. Returns the release.
    /// </summary>
    private static async Task<Action> HoldAsync(StoreWriter writer, string? orderKey)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<HubDbContext, CancellationToken, Task<int>> hold = async (_, _) =>
        {
            started.SetResult();
            await release.Task;
            return 0;
        };
        _ = orderKey is null ? writer.WriteAsync(hold, CancellationToken.None) : writer.WriteAsync(orderKey, null, hold, CancellationToken.None);
        await started.Task.WaitAsync(TestContext.Current.CancellationToken);
        return release.SetResult;
    }

    /// <summary>A statement that always applies, answering 7 (the full form answers -1).</summary>
    private sealed class Seven : BatchedStatement<int>
    {
        internal override NpgsqlBatchCommand Command() => new("SELECT 7");

        internal override bool TryRead(DbDataReader reader, out int result)
        {
            result = reader.Read() ? reader.GetInt32(0) : 0;
            return result == 7;
        }
    }
}
