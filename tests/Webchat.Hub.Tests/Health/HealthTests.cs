using System.Net;
using Webchat.Hub.Storage;
using Webchat.Protocol;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Health;

/// <summary><c>/health/live</c> and <c>/health/ready</c> over HTTP, with the operator's reasons.</summary>
public sealed class HealthTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_started_hub_is_live_and_ready_without_a_key(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var client = hub.CreateClient();

        var live = await client.GetJsonAsync("/health/live");
        var ready = await client.GetJsonAsync("/health/ready");

        Assert.Equal("Healthy", live.Text("status"));
        Assert.Equal("Healthy", ready.Text("status"));
        Assert.Equal(["delivery", "store", "writeQueue"], ready.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_delivery_overdue_past_the_threshold_makes_the_hub_unready_saying_so(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s =>
        {
            s["Hub:Health:MaxDeliveryDelay"] = "00:00:30";
            s["Hub:Delivery:MaxConcurrency"] = "1";
            s["Hub:Delivery:Timeout"] = "00:05:00";
        });
        var first = await outbound.ContactWritesAsync("chat-1");
        var second = await outbound.ContactWritesAsync("chat-2", "contact-2");
        // The one delivery slot is held by a provider that does not answer, so the other chat's reply stays due.
        outbound.Receiver.Answer(_ => ReceiverAnswer.Silence());
        await outbound.ReplyAsync(first, "held");
        await Eventually.TrueAsync(() => outbound.Receiver.Calls.Count == 1, "the first reply to be under way");
        await outbound.ReplyAsync(second, "due, and waiting for a slot");
        using var client = outbound.Hub.CreateClient();
        Assert.Equal("Healthy", (await client.GetJsonAsync("/health/ready")).Text("status"));

        outbound.Hub.Clock.Advance(TimeSpan.FromMinutes(1));

        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var report = await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", report.Text("status"));
        Assert.Contains("Hub:Health:MaxDeliveryDelay", report.GetProperty("checks").GetProperty("delivery").Text("description"), StringComparison.Ordinal);
        Assert.Equal("Healthy", (await client.GetJsonAsync("/health/live")).Text("status"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_full_write_queue_answers_503_with_Retry_After_at_once_and_the_hub_is_unready(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, s => s["Hub:Storage:MaxQueuedWrites"] = "2");
        var writer = hub.Services.GetRequiredService<StoreWriter>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // One write holds the writer; the queue (two places) is then filled.
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<Task<int>> held = [writer.WriteAsync(async (_, _) => { running.SetResult(); await release.Task; return 0; }, CancellationToken.None)];
        await running.Task;
        // Fill the queue: the hub's own background writes (delivery claims) may have taken places in it already.
        for (var queued = 0; queued < 10; queued++)
        {
            try
            {
                held.Add(writer.WriteAsync((_, _) => Task.FromResult(0), CancellationToken.None));
            }
            catch (StoreUnavailableException)
            {
                break;
            }
        }

        using var provider = hub.Provider();
        using var client = hub.CreateClient();

        var answer = await provider.CallAsync(TestData.Message());
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        answer.ShouldBeError(HttpStatusCode.ServiceUnavailable, ProtocolErrors.TemporarilyUnavailable);
        Assert.True(answer.RetryAfter >= 1);
        var report = await ready.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Hub:Storage:MaxQueuedWrites", report.GetProperty("checks").GetProperty("writeQueue").Text("description"), StringComparison.Ordinal);

        release.SetResult();
        await Task.WhenAll(held);
        (await provider.CallAsync(TestData.Message())).ShouldBeOk();
    }
}
