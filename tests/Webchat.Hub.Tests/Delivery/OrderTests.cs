using System.Collections.Concurrent;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

public sealed class OrderTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_thousand_replies_across_fifty_chats_reach_the_provider_once_each_in_each_chats_order(StoreKind store)
    {
        const int Chats = 50;
        const int RepliesPerChat = 20;
        await using var outbound = await OutboundHub.StartAsync(store);
        var tasks = new ConcurrentDictionary<string, long>();
        await Parallel.ForEachAsync(Enumerable.Range(1, Chats), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
            tasks[$"chat-{n}"] = await outbound.ContactWritesAsync($"chat-{n}", $"contact-{n}"));

        // Each chat's replies one after another, as an employee writes them; the chats all at once.
        var posted = new ConcurrentDictionary<string, List<string>>();
        await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (chat, _) =>
        {
            var ids = new List<string>();
            for (var i = 1; i <= RepliesPerChat; i++)
            {
                var accepted = await outbound.ReplyAsync(chat.Value, $"{chat.Key} #{i}");
                ids.Add(accepted.NumberText("messageId"));
            }

            posted[chat.Key] = ids;
        });

        await Eventually.TrueAsync(() => outbound.Receiver.Accepted.Count >= Chats * RepliesPerChat, "every reply to reach the provider", TimeSpan.FromMinutes(3));
        await outbound.WaitForCountAsync("delivered", Chats * RepliesPerChat);

        var calls = outbound.Receiver.Calls;
        Assert.Equal(Chats * RepliesPerChat, calls.Count);
        Assert.All(calls, c => Assert.Equal(200, c.Status));
        foreach (var (chat, ids) in posted)
        {
            Assert.Equal(ids, calls.Where(c => c.ChatId == chat).Select(c => c.MessageId!));
        }
    }
}
