using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>
/// Messages that reach the writer together share one batch; on PostgreSQL the plain appends among
/// them go to the store in one round trip ahead of the rest. Whatever form each takes, a chat's
/// messages keep the order they came in, with their attachments.
/// </summary>
public sealed class BatchedMessagesTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_message_that_changes_the_contact_stays_ahead_of_the_plain_message_batched_after_it(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        (await provider.CallAsync(TestData.Message(text: "first"))).ShouldBeOk();

        var (renamed, plain) = await InOneBatchAsync(
            hub,
            await ChatOrderAsync(hub, "chat-1"),
            () => provider.CallAsync(TestData.Message(text: "renamed") with { Contact = new ContactDetails("contact-1", "Robert", "Ivanov") }),
            () => provider.CallAsync(TestData.Message(text: "plain") with { Contact = new ContactDetails("contact-1") }));

        renamed.ShouldBeOk();
        plain.ShouldBeOk();
        Assert.Equal(["first", "renamed", "plain"], (await hub.MessagesAsync(1)).Select(m => m.Text));
        Assert.Equal("Robert", (await hub.ContactAsync("contact-1")).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Messages_batched_together_keep_each_chats_order_and_their_attachments(StoreKind store)
    {
        // One writer, so that messages of several chats share its batches.
        await using var hub = await HubHost.StartAsync(store, settings => settings["Hub:Storage:Writers"] = "1");
        using var provider = hub.Provider();
        (await provider.CallAsync(TestData.Message("chat-a", "contact-a", "a0"))).ShouldBeOk();
        (await provider.CallAsync(TestData.Message("chat-b", "contact-b", "b0"))).ShouldBeOk();

        NewMessageCommand WithFiles(string chat, string contact, string text) => TestData.Message(chat, contact, text) with
        {
            Attachments = [new($"{text}-1.jpg", $"https://files.example/{text}/1"), new($"{text}-2.jpg", $"https://files.example/{text}/2")],
        };

        var answers = await InOneBatchAsync(
            hub,
            orderKey: null,
            () => provider.CallAsync(WithFiles("chat-a", "contact-a", "a1")),
            () => provider.CallAsync(WithFiles("chat-b", "contact-b", "b1")),
            () => provider.CallAsync(TestData.Message("chat-a", "contact-a", "a2")),
            () => provider.CallAsync(WithFiles("chat-a", "contact-a", "a3")),
            // A chat the hub has not seen yet takes the full path in the same batch.
            () => provider.CallAsync(WithFiles("chat-c", "contact-c", "c1")));

        Assert.Equal([1, 2, 1, 1, 3], answers.Select(answer => answer.ShouldBeOk().Number));
        var a = await hub.MessagesAsync(1);
        Assert.Equal(["a0", "a1", "a2", "a3"], a.Select(m => m.Text));
        Assert.Equal(["a1-1.jpg", "a1-2.jpg"], a[1].Attachments.Select(f => f.Name));
        Assert.Empty(a[2].Attachments);
        Assert.Equal(["https://files.example/a3/1", "https://files.example/a3/2"], a[3].Attachments.Select(f => f.Url));
        Assert.Equal(["b0", "b1"], (await hub.MessagesAsync(2)).Select(m => m.Text));
        Assert.Equal(["c1-1.jpg", "c1-2.jpg"], Assert.Single(await hub.MessagesAsync(3)).Attachments.Select(f => f.Name));
    }

    private static async Task<(ProtocolAnswer, ProtocolAnswer)> InOneBatchAsync(HubHost hub, string orderKey, Func<Task<ProtocolAnswer>> first, Func<Task<ProtocolAnswer>> second)
    {
        var answers = await InOneBatchAsync(hub, orderKey, [first, second]);
        return (answers[0], answers[1]);
    }

    private static async Task<string> ChatOrderAsync(HubHost hub, string chatId) =>
        StoreWriter.ChatOrder(await hub.ReadAsync(db => db.Integrations.Where(i => i.ProviderId == TestData.ProviderId).Select(i => i.Id).SingleAsync(TestContext.Current.CancellationToken)), chatId);

    /// <summary>
    /// Sends the calls one after another while the writer of <paramref name="orderKey"/> (the first
    /// writer when null) is held, each reaching the queue before the next is sent, so that they form
    /// that writer's next batch in this order.
    /// </summary>
    private static async Task<ProtocolAnswer[]> InOneBatchAsync(HubHost hub, string? orderKey, params Func<Task<ProtocolAnswer>>[] calls)
    {
        var writer = hub.Services.GetRequiredService<StoreWriter>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<HubDbContext, CancellationToken, Task<int>> hold = async (_, _) => { await gate.Task; return 0; };
        var held = orderKey is null
            ? writer.WriteAsync(hold, TestContext.Current.CancellationToken)
            : writer.WriteAsync(orderKey, null, hold, TestContext.Current.CancellationToken);
        var sent = new List<Task<ProtocolAnswer>>();
        foreach (var call in calls)
        {
            var queued = writer.Waiting + 1;
            sent.Add(call());
            while (writer.Waiting < queued && !sent[^1].IsCompleted)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }
        }

        gate.SetResult();
        await held;
        return await Task.WhenAll(sent);
    }
}
