using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// A hub's own leases: a store so busy that a lease runs out between its renewal and the worker's
/// next claim must not make the hub send a reply it is still sending a second time.
/// </summary>
public sealed class LeaseTests
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_whose_lease_ran_out_while_the_hub_still_sends_it_reaches_the_provider_once(StoreKind store)
    {
        var slowRenewal = new SlowRenewal();
        await using var outbound = await OutboundHub.StartAsync(
            store,
            settings =>
            {
                settings["Hub:Delivery:LeaseTime"] = LeaseTime.ToString();
                settings["Hub:Delivery:PollInterval"] = PollInterval.ToString();
                // The held attempt must outlive every move of the clock below, not time out.
                settings["Hub:Delivery:Timeout"] = "00:05:00";
            },
            builder =>
            {
                builder.Services.ConfigureDbContext<SqliteHubDbContext>(o => o.AddInterceptors(slowRenewal), ServiceLifetime.Singleton);
                builder.Services.ConfigureDbContext<PostgresHubDbContext>(o => o.AddInterceptors(slowRenewal), ServiceLifetime.Singleton);
            });
        slowRenewal.Clock = outbound.Hub.Clock;
        var task = await outbound.ContactWritesAsync("chat-1", "contact-1");
        var other = await outbound.ContactWritesAsync("chat-2", "contact-2");

        // The provider holds its answer to the first call of the first reply until the test lets it go.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        outbound.Receiver.AnswerAsync(async call =>
        {
            if (call.Text == "first" && Interlocked.Increment(ref held) == 1)
            {
                await release.Task;
            }

            return ReceiverAnswer.Ok();
        });
        var accepted = await outbound.ReplyAsync(task, "first");
        var first = accepted.NumberText("messageId");
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Any(c => c.Text == "first"), "the first reply to be under way");

        // A poll later (at most; more than a third of the lease) the worker renews the lease; the store
        // takes longer than the lease to do so, so the renewed lease has run out when the worker next
        // looks for work, right after.
        slowRenewal.Arm(LeaseTime + TimeSpan.FromSeconds(1));
        outbound.Hub.Clock.Advance(PollInterval);
        await slowRenewal.Happened.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        // A reply in another chat is taken by that look or a later one: once it arrives, the look is over.
        await outbound.ReplyAsync(other, "other chat");
        await Eventually.TrueAsync(() => outbound.Receiver.Accepted.Any(c => c.Text == "other chat"), "the other chat's reply to arrive");

        // The provider answers; the chat's next reply goes only once the first is settled.
        release.SetResult();
        var next = (await outbound.ReplyAsync(task, "next")).NumberText("messageId");
        await Eventually.TrueAsync(() => outbound.Receiver.Accepted.Any(c => c.Text == "next"), "the next reply to arrive");

        Assert.Equal([first, next], outbound.Receiver.Calls.Where(c => c.ChatId == "chat-1").Select(c => c.MessageId));
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");
    }

    /// <summary>
    /// Moves the hub's clock on by a set time while the store renews the worker's leases, once armed: a
    /// store that took that long to answer.
    /// </summary>
    private sealed class SlowRenewal : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _happened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _byTicks;

        public FakeTimeProvider? Clock { get; set; }

        public Task Happened => _happened.Task;

        public void Arm(TimeSpan by) => Interlocked.Exchange(ref _byTicks, by.Ticks);

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            // A renewal is the only update that sets the lease alone.
            if (command.CommandText.Contains("SET \"LeaseUntil\" =", StringComparison.Ordinal) && Interlocked.Exchange(ref _byTicks, 0) is var by and > 0)
            {
                Clock!.Advance(TimeSpan.FromTicks(by));
                _happened.SetResult();
            }

            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }
    }
}
