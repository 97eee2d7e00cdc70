using System.Net.Http.Json;
using Webchat.Hub.Live;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Console;

/// <summary>The hub's live feed: every committed change the console shows is published, naming its task.</summary>
public sealed class LiveEventTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Messages_replies_deliveries_status_reports_and_task_changes_each_publish_an_event_after_commit(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var events = outbound.Hub.Services.GetRequiredService<HubEvents>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var seen = new List<HubEvent>();
        var subscription = events.SubscribeAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = subscription.MoveNextAsync();

        async Task<HubEvent> NextAsync(Func<HubEvent, bool> wanted)
        {
            while (true)
            {
                Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
                var hubEvent = subscription.Current;
                seen.Add(hubEvent);
                next = subscription.MoveNextAsync();
                if (wanted(hubEvent))
                {
                    return hubEvent;
                }
            }
        }

        var task = await outbound.ContactWritesAsync("chat-1");
        var added = await NextAsync(e => e.Kind == HubEventKind.MessageAdded);
        Assert.Equal(task, added.TaskNumber);
        Assert.Single(await outbound.Hub.MessagesAsync(task));

        var reply = await outbound.ReplyAsync(task, "Hello", TestData.OwnerEmail);
        var replied = await NextAsync(e => e.Kind == HubEventKind.MessageAdded && e.MessageId is not null);
        Assert.Equal(reply.Number("messageId"), replied.MessageId);

        var delivered = await NextAsync(e => e.Kind == HubEventKind.MessageStatusChanged);
        Assert.Equal((task, reply.Number("messageId")), (delivered.TaskNumber, delivered.MessageId!.Value));
        Assert.Equal(DeliveryStatus.Sent, (await outbound.Hub.MessageAsync(reply.Number("messageId"))).Status);

        using (var provider = outbound.Hub.Provider())
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, reply.NumberText("messageId"), "read"));
        }

        var read = await NextAsync(e => e.Kind == HubEventKind.MessageStatusChanged);
        Assert.Equal(DeliveryStatus.Read, (await outbound.Hub.MessageAsync(read.MessageId!.Value)).Status);

        await outbound.Operator.PostJsonAsync($"/api/tasks/{task}/complete");
        Assert.Equal(task, (await NextAsync(e => e.Kind == HubEventKind.TaskChanged)).TaskNumber);

        using var assigned = await outbound.Operator.PutAsJsonAsync($"/api/tasks/{task}/assignee", new { employeeEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
        await assigned.ReadJsonAsync(System.Net.HttpStatusCode.OK);
        Assert.Equal(task, (await NextAsync(e => e.Kind == HubEventKind.TaskChanged)).TaskNumber);
        await stop.CancelAsync();
    }
}
