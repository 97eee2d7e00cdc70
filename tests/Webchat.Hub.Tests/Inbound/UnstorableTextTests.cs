using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>
/// A provider's text that a store cannot keep as it is: a NUL is dropped, on both stores alike. Before, PostgreSQL refused the write and the hub answered 503 for
/// ever (the provider resending the same message), while SQLite kept the NUL.
/// </summary>
public sealed class UnstorableTextTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_NUL_in_a_message_and_in_the_contacts_name_is_dropped_and_the_message_is_stored(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var command = new NewMessageCommand(TestData.ProviderId, "chat\0-1", "Hello\0 world", new ContactDetails("contact-1", "Iv\0an", "Ivanov", Data: "da\0ta"));

        var number = (await provider.SendOkAsync(command)).Number;

        var message = Assert.Single(await hub.MessagesAsync(number));
        Assert.Equal("Hello world", message.Text);
        Assert.Equal("Ivan", (await hub.ContactAsync("contact-1")).Name);
        Assert.Equal("chat-1", (await hub.ChatAsync("chat-1")).ExternalId);
        Assert.Equal("data", (await hub.TaskAsync(number)).AdditionalDescription);
    }
}
