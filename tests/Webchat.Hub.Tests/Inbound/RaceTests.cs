using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>Concurrent commands: nothing doubled, nothing lost, numbers without gaps.</summary>
public sealed class RaceTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Fifty_concurrent_first_messages_of_one_new_chat_make_one_task_and_one_contact_and_keep_all_fifty(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var texts = Enumerable.Range(1, 50).Select(i => $"message {i}").ToList();

        var answers = await Task.WhenAll(texts.Select(text => provider.CallAsync(TestData.Message("new-chat", "new-contact", text))));

        Assert.All(answers, answer => answer.ShouldBeOk());
        Assert.All(answers, answer => Assert.Equal((1, 1), (answer.Number, answer.ContactNumber)));
        Assert.Single(await hub.TasksAsync());
        Assert.Single(await hub.ContactsAsync());
        Assert.Equal(texts.Order(), (await hub.MessagesAsync(1)).Select(m => m.Text).Order());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Concurrent_first_messages_of_many_chats_take_each_number_exactly_once(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var chats = Enumerable.Range(1, 30).ToList();

        // Three messages per chat at once, each chat with its own contact.
        var answers = await Task.WhenAll(chats.SelectMany(chat => Enumerable.Range(1, 3)
            .Select(async i => (Chat: chat, Answer: await provider.CallAsync(TestData.Message($"chat-{chat}", $"contact-{chat}", $"message {i}"))))));

        Assert.All(answers, a => a.Answer.ShouldBeOk());
        var numbers = answers.GroupBy(a => a.Chat).Select(g => Assert.Single(g.Select(a => (a.Answer.Number, a.Answer.ContactNumber)).Distinct())).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(n => (long)n), numbers.Select(n => n.Number).Order());
        Assert.Equal(Enumerable.Range(1, 30).Select(n => (long)n), numbers.Select(n => n.ContactNumber).Order());
        Assert.Equal(90, (await hub.AllMessagesAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Concurrent_updateContact_and_newMessage_of_a_new_contact_make_one_contact(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        var answers = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => i % 2 == 0
            ? provider.CallAsync(new Protocol.UpdateContactCommand(TestData.ProviderId, new("contact-1", $"Ivan {i}")))
            : provider.CallAsync(TestData.Message(text: $"message {i}"))));

        Assert.All(answers, answer => answer.ShouldBeOk());
        Assert.Equal(1, Assert.Single(await hub.ContactsAsync()).Number);
        Assert.Equal(10, (await hub.MessagesAsync(1)).Count);
    }
}
