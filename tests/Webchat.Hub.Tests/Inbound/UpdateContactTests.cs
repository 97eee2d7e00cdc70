using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary><c>updateContact</c>: new details of a contact.</summary>
public sealed class UpdateContactTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task UpdateContact_changes_every_detail_it_carries_and_answers_an_empty_object(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message());
        hub.Clock.Advance(TimeSpan.FromHours(1));

        (await provider.CallAsync(new UpdateContactCommand(TestData.ProviderId,
            new("contact-1", "Иван", "Сидоров", "https://example.com/new.png", "ivan@sidorov.example", "+7 905 000-00-00", "VIP since 2020"))))
            .ShouldBeOk().ShouldBeJson("{}");

        var contact = await hub.ContactAsync("contact-1");
        Assert.Equal(
            ("Иван", "Сидоров", "https://example.com/new.png", "ivan@sidorov.example", "+7 905 000-00-00", "VIP since 2020"),
            (contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data));
        Assert.Equal(1, contact.Number);
        Assert.Equal(hub.Clock.GetUtcNow(), contact.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task UpdateContact_leaves_the_details_it_does_not_carry_as_they_were(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message() with { Contact = new("contact-1", "Ivan", "Ivanov", Email: "ivan@example.com", Phone: "111") });

        (await provider.CallAsync(new UpdateContactCommand(TestData.ProviderId, new("contact-1", "Vanya", Phone: "222")))).ShouldBeOk();

        var contact = await hub.ContactAsync("contact-1");
        Assert.Equal(("Vanya", "Ivanov", "ivan@example.com", "222"), (contact.Name, contact.LastName, contact.Email, contact.Phone));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task UpdateContact_of_an_unknown_contact_creates_it_and_its_first_message_finds_it(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        (await provider.CallAsync(new UpdateContactCommand(TestData.ProviderId, new("crm-77", "Maria", "Petrova", Phone: "333")))).ShouldBeOk().ShouldBeJson("{}");
        var answer = (await provider.CallAsync(TestData.Message(contactId: "crm-77") with { Contact = new("crm-77") })).ShouldBeOk();

        Assert.Equal(1, answer.ContactNumber);
        var contact = Assert.Single(await hub.ContactsAsync());
        Assert.Equal(("crm-77", "Maria", "Petrova", "333"), (contact.ExternalId, contact.Name, contact.LastName, contact.Phone));
        Assert.Equal("Chat with Maria Petrova", (await hub.TaskAsync(1)).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task UpdateContact_without_contactName_is_refused_and_changes_nothing(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message());

        (await provider.CallAsync(ProviderForm.Of(new UpdateContactCommand(TestData.ProviderId, new("contact-1", "Ivan", Phone: "999"))).Remove("contactName")))
            .ShouldBeInvalidParameters();

        Assert.Null((await hub.ContactAsync("contact-1")).Phone);
    }
}
