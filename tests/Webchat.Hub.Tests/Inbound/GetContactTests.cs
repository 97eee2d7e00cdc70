using System.Net;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary><c>getContact</c>: the hub's number of a provider's contact.</summary>
public sealed class GetContactTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task GetContact_answers_the_contacts_number(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message("chat-1", "contact-1"));
        await provider.CallAsync(TestData.Message("chat-2", "contact-2"));

        (await provider.CallAsync(new GetContactCommand(TestData.ProviderId, "contact-2"))).ShouldBeOk().ShouldBeJson("""{"data":{"number":2}}""");
        (await provider.CallAsync(new GetContactCommand(TestData.ProviderId, "contact-1"))).ShouldBeOk().ShouldBeJson("""{"data":{"number":1}}""");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task GetContact_of_an_unknown_contact_answers_unknown_contact(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message(contactId: "contact-1"));

        (await provider.CallAsync(new GetContactCommand(TestData.ProviderId, "contact-9"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.UnknownContact);
        (await provider.CallAsync(new GetContactCommand(TestData.ProviderId, "Contact-1"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.UnknownContact);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task GetContact_finds_a_contact_that_so_far_only_updateContact_told_about(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(new UpdateContactCommand(TestData.ProviderId, new("crm-77", "Maria")))).ShouldBeOk();

        (await provider.CallAsync(new GetContactCommand(TestData.ProviderId, "crm-77"))).ShouldBeOk().ShouldBeJson("""{"data":{"number":1}}""");
    }
}
