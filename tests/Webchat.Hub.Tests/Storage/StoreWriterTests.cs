using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Storage;

public sealed class StoreWriterTests
{
    [Fact]
    public async Task Each_writer_has_a_pool_thread_of_its_own_beside_one_per_core()
    {
        // Writers hold a pool thread while the store answers: without one more thread each in the pool's
        // minimum, a burst after a quiet spell waited (up to seconds) for the pool to grow.
        await using var hub = await HubHost.StartAsync(StoreKind.Postgres, settings => settings["Hub:Storage:Writers"] = "48");
        Assert.NotNull(hub.Services.GetRequiredService<StoreWriter>());

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= Environment.ProcessorCount + 48, $"the pool's minimum is {workers} threads, not {Environment.ProcessorCount} cores + 48 writers");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_write_that_fails_fails_alone_and_the_writes_batched_with_it_are_kept(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var writer = hub.Services.GetRequiredService<StoreWriter>();

        // Queued together, so they share a batch: the writer is busy with the first while the rest arrive.
        var writes = Enumerable.Range(0, 40)
            .Select(i => writer.WriteAsync(async (db, ct) =>
            {
                if (i == 17)
                {
                    throw new InvalidOperationException("write 17 is broken");
                }

                db.Employees.Add(new Employee { Email = $"batch{i}@example.com", Name = $"Batch {i}" });
                await Task.Yield();
                return i;
            }, TestContext.Current.CancellationToken))
            .ToList();

        var broken = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[17]);
        Assert.Equal("write 17 is broken", broken.Message);
        var kept = await Task.WhenAll(writes.Where((_, i) => i != 17));
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 17), kept);

        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<HubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var stored = await db.Employees.Where(e => e.Email.StartsWith("batch")).Select(e => e.Email).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(39, stored.Count);
        Assert.DoesNotContain("batch17@example.com", stored);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_write_the_store_refuses_fails_alone_as_refused_not_as_an_outage_and_its_batch_mates_commit(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var writer = hub.Services.GetRequiredService<StoreWriter>();

        var writes = Enumerable.Range(0, 10)
            .Select(i => writer.WriteAsync((db, ct) =>
            {
                // Write 3 breaks the unique e-mail index: the store itself refuses it.
                db.Employees.Add(new Employee { Email = i == 3 ? TestData.OwnerEmail : $"mate{i}@example.com", Name = "Mate" });
                return Task.FromResult(i);
            }, TestContext.Current.CancellationToken))
            .ToList();

        var refused = await Assert.ThrowsAsync<StoreRejectedException>(() => writes[3]);
        Assert.NotNull(refused.InnerException);
        Assert.Equal(9, (await Task.WhenAll(writes.Where((_, i) => i != 3))).Length);

        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<HubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(9, await db.Employees.CountAsync(e => e.Email.StartsWith("mate"), TestContext.Current.CancellationToken));
    }
}
