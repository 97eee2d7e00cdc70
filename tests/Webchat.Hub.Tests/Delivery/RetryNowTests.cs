using System.Net;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

/// <summary>
/// <c>POST /api/deliveries/{id}/retry</c> on a delivery waiting for its next attempt sends it now, and a
/// refusal says exactly why. Before, a waiting delivery got 409 "on its way or delivered".
/// </summary>
public sealed class RetryNowTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_delivery_waiting_for_its_next_attempt_is_sent_at_once(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        outbound.Receiver.Answer(_ => ReceiverAnswer.Error(503));
        var first = await outbound.ReplyAsync(task, "first");
        var second = await outbound.ReplyAsync(task, "second");
        var waiting = await outbound.WaitForAttemptsAsync(first.Number("deliveryId"), 1);
        Assert.Equal("pending", waiting.Text("state"));
        Assert.True(waiting.Time("nextAttemptAt") > outbound.Hub.Clock.GetUtcNow());

        // The later message of the chat waits behind the first, and says so.
        using (var behind = await outbound.Operator.PostAsync($"/api/deliveries/{second.Number("deliveryId")}/retry", null, TestContext.Current.CancellationToken))
        {
            var problem = await behind.ReadProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains($"delivery {first.Number("deliveryId")} of the same chat", problem.Text("detail"), StringComparison.Ordinal);
        }

        // The provider is back; the operator does not wait out the schedule (the hub's clock stands still).
        outbound.Receiver.Answer(_ => ReceiverAnswer.Ok());
        var retried = await outbound.Operator.PostJsonAsync($"/api/deliveries/{first.Number("deliveryId")}/retry");
        Assert.Equal(first.Number("deliveryId"), retried.Number("id"));

        await outbound.WaitForStateAsync(second.Number("deliveryId"), "delivered");
        Assert.Equal(["first", "second"], outbound.Receiver.Accepted.Select(c => c.Text));

        using var delivered = await outbound.Operator.PostAsync($"/api/deliveries/{first.Number("deliveryId")}/retry", null, TestContext.Current.CancellationToken);
        var refusal = await delivered.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("delivered", refusal.Text("title"), StringComparison.Ordinal);
    }
}
