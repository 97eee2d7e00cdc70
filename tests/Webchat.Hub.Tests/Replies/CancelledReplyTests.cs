using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Replies;

/// <summary>
/// A reply whose request is cancelled once its write is with the writer: the write runs to its end, and
/// the files it links stay. Before, the reply committed while its files were deleted, so the provider
/// was sent links that answered 404. And its commit wakes the delivery worker all the same.
/// </summary>
public sealed class CancelledReplyTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_text_reply_whose_request_is_aborted_after_hand_over_is_delivered_at_once_woken_by_its_commit(StoreKind store)
    {
        // The worker's poll waits an hour on a clock that does not move: only the reply's wake-up can start its delivery.
        await using var outbound = await OutboundHub.StartAsync(store, settings => settings["Hub:Delivery:PollInterval"] = "01:00:00");
        var task = await outbound.ContactWritesAsync("chat-1");
        var writer = outbound.Hub.Services.GetRequiredService<StoreWriter>();

        // The task's writer is held by a running write, so the reply's write (text only: on PostgreSQL the
        // batched statement) is handed over and waits behind it while its request is aborted.
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = writer.WriteAsync(StoreWriter.TaskOrder(task), null, async (_, _) =>
        {
            running.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await running.Task.WaitAsync(TestContext.Current.CancellationToken);
        var before = writer.Waiting;

        using var cancel = new CancellationTokenSource();
        var posting = outbound.Operator.PostAsJsonAsync($"/api/tasks/{task}/messages", new { text = "Still on its way", authorEmail = TestData.AgentEmail }, cancel.Token);
        await Eventually.TrueAsync(() => writer.Waiting > before, "the reply's write to queue behind the held one");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);

        release.SetResult();
        await holding;
        await Eventually.TrueAsync(() => outbound.Receiver.Accepted.Count == 1, "the aborted reply to be delivered", TimeSpan.FromSeconds(20));
        Assert.Equal("Still on its way", outbound.Receiver.Accepted[0].Text);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_cancelled_while_its_write_waits_is_stored_with_files_the_provider_can_fetch(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        var writer = outbound.Hub.Services.GetRequiredService<StoreWriter>();

        // The task's writer is held by a write that waits for the test, so the reply's write queues behind it.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = writer.WriteAsync(StoreWriter.TaskOrder(task), null, async (_, _) => { await release.Task; return 0; }, CancellationToken.None);
        await Eventually.TrueAsync(() => writer.Waiting >= 1, "the holding write to be with the writer");

        using var cancel = new CancellationTokenSource();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("The contract"), "text" },
            { new StringContent(TestData.AgentEmail), "authorEmail" },
            { new ByteArrayContent("signed"u8.ToArray()), "files", "contract.txt" },
        };
        var posting = outbound.Operator.PostAsync($"/api/tasks/{task}/messages", form, cancel.Token);
        await Eventually.TrueAsync(() => writer.Waiting >= 2, "the reply's write to queue behind it");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting);

        release.SetResult();
        await holding;
        await Eventually.TrueAsync(async () => (await outbound.Hub.MessagesAsync(task)).Count == 2, "the cancelled reply to be stored");
        await Eventually.TrueAsync(() => outbound.Receiver.Accepted.Count == 1, "the reply to be delivered");

        var url = Assert.Single(outbound.Receiver.Accepted[0].Form.GetAll("attachments[url]"));
        using var anonymous = new HttpClient();
        using var file = await anonymous.GetAsync(new Uri(url), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("signed", await file.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
