using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Contacts;

public sealed class ContactEndpointTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_contact_shows_its_details_its_integration_and_the_numbers_of_its_tasks(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1"));
        await other.SendOkAsync(new NewMessageCommand(TestData.OtherProviderId, "chat-9", "Hi", new ContactDetails("contact-9", "Petr")));
        await provider.SendOkAsync(TestData.Message("chat-2", "contact-1"));
        hub.Clock.Advance(TimeSpan.FromHours(1));
        await provider.SendOkAsync(new UpdateContactCommand(
            TestData.ProviderId,
            new ContactDetails("contact-1", "Ivan", Email: "ivan@example.com", Phone: "+79991234567", Ico: "https://example.com/ivan.png", Data: "Prefers calls")));

        var contact = await api.GetJsonAsync("/api/contacts/1");

        Assert.Equal(1, contact.Number("number"));
        Assert.Equal("contact-1", contact.Text("contactId"));
        Assert.Equal(TestData.ProviderId, contact.Text("integration"));
        Assert.Equal("Ivan", contact.Text("name"));
        Assert.Equal("Ivanov", contact.Text("lastName"));
        Assert.Equal("ivan@example.com", contact.Text("email"));
        Assert.Equal("+79991234567", contact.Text("phone"));
        Assert.Equal("https://example.com/ivan.png", contact.Text("ico"));
        Assert.Equal("Prefers calls", contact.Text("data"));
        Assert.Equal(hub.Clock.Start, contact.Time("createdAt"));
        Assert.Equal(hub.Clock.Start.AddHours(1), contact.Time("updatedAt"));
        Assert.Equal([1L, 3L], contact.GetProperty("tasks").EnumerateArray().Select(t => t.GetInt64()));

        var petr = await api.GetJsonAsync("/api/contacts/2");
        Assert.Equal(TestData.OtherProviderId, petr.Text("integration"));
        Assert.True(petr.IsNull("lastName"));
        Assert.Equal([2L], petr.GetProperty("tasks").EnumerateArray().Select(t => t.GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_contacts_task_numbers_come_a_page_at_a_time_newest_page_first(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        const int tasks = 2 * 100 + 1;
        for (var i = 1; i <= tasks; i++)
        {
            await provider.SendOkAsync(TestData.Message($"chat-{i}", "contact-1"));
        }

        static long[] Numbers(System.Text.Json.JsonElement contact) => [.. contact.GetProperty("tasks").EnumerateArray().Select(t => t.GetInt64())];

        // The newest 100, oldest first; then the 100 before them; then the one left, with nothing before it.
        var newest = await api.GetJsonAsync("/api/contacts/1");
        Assert.Equal(Enumerable.Range(102, 100).Select(n => (long)n), Numbers(newest));
        Assert.Equal(102, newest.Number("olderTasksBefore"));
        var middle = await api.GetJsonAsync("/api/contacts/1?tasksBefore=102");
        Assert.Equal(Enumerable.Range(2, 100).Select(n => (long)n), Numbers(middle));
        Assert.Equal(2, middle.Number("olderTasksBefore"));
        var oldest = await api.GetJsonAsync("/api/contacts/1?tasksBefore=2");
        Assert.Equal([1L], Numbers(oldest));
        Assert.True(oldest.IsNull("olderTasksBefore"));
        Assert.Empty(Numbers(await api.GetJsonAsync("/api/contacts/1?tasksBefore=1")));

        using var bad = await api.GetAsync("/api/contacts/1?tasksBefore=soon", TestContext.Current.CancellationToken);
        var problem = await bad.ReadProblemAsync(System.Net.HttpStatusCode.BadRequest);
        Assert.Contains("tasksBefore", problem.GetProperty("errors").GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_contact_known_only_from_updateContact_has_no_tasks(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("contact-5", "Olga", Phone: "+79990000000")));

        var contact = await api.GetJsonAsync("/api/contacts/1");

        Assert.Equal("contact-5", contact.Text("contactId"));
        Assert.Equal("+79990000000", contact.Text("phone"));
        Assert.Empty(contact.GetProperty("tasks").EnumerateArray());
    }
}
