using System.Net;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Contacts;
using Webchat.Hub.Operators;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Contacts;

public sealed class ContactListTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_list_shows_contacts_newest_first_by_integration_and_in_pages(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1"));
        await other.SendOkAsync(new NewMessageCommand(TestData.OtherProviderId, "chat-2", "Hi", new ContactDetails("contact-2", "Petr", Email: "petr@example.com")));
        await provider.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("contact-3", "Olga", Phone: "+79990001122")));

        var all = await api.GetJsonAsync("/api/contacts");
        Assert.Equal([3L, 2L, 1L], all.GetProperty("items").Numbers());
        Assert.Equal(3, all.Number("totalCount"));
        Assert.False(all.GetProperty("totalCountCapped").GetBoolean());
        var petr = all.GetProperty("items")[1];
        Assert.Equal("contact-2", petr.Text("contactId"));
        Assert.Equal(TestData.OtherProviderId, petr.Text("integration"));
        Assert.Equal("Petr", petr.Text("name"));
        Assert.Equal("petr@example.com", petr.Text("email"));

        var ofOne = await api.GetJsonAsync($"/api/contacts?integration={TestData.ProviderId}");
        Assert.Equal([3L, 1L], ofOne.GetProperty("items").Numbers());
        Assert.False(all.GetProperty("hasNextPage").GetBoolean());
        var first = await api.GetJsonAsync("/api/contacts?pageSize=2");
        Assert.True(first.GetProperty("hasNextPage").GetBoolean());
        var second = await api.GetJsonAsync("/api/contacts?pageSize=2&page=2");
        Assert.Equal([1L], second.GetProperty("items").Numbers());
        Assert.Equal(2, second.Number("totalPages"));
        Assert.False(second.GetProperty("hasNextPage").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_long_list_counts_up_to_a_thousand_and_still_serves_the_pages_past_it(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var api = hub.Operator();
        const int stored = PageRequest.MaxCounted + 5;
        await hub.ChangeAsync(async db =>
        {
            var integration = await db.Integrations.Where(i => i.ProviderId == TestData.ProviderId).Select(i => i.Id).SingleAsync(TestContext.Current.CancellationToken);
            var now = DateTimeOffset.UtcNow;
            db.Contacts.AddRange(Enumerable.Range(1, stored).Select(n => new Contact
            {
                Number = n,
                IntegrationId = integration,
                ExternalId = $"bulk-{n}",
                Name = $"Bulk {n}",
                CreatedAt = now,
                UpdatedAt = now,
            }));
            return 0;
        });

        var first = await api.GetJsonAsync("/api/contacts?pageSize=20");
        Assert.Equal(PageRequest.MaxCounted, first.Number("totalCount"));
        Assert.True(first.GetProperty("totalCountCapped").GetBoolean());
        Assert.Equal(PageRequest.MaxCounted / 20, first.Number("totalPages"));
        Assert.Equal((long)stored, first.GetProperty("items").Numbers()[0]);

        // Past the counted thousand the list goes on: the oldest five are on the page after the last counted one.
        var past = await api.GetJsonAsync($"/api/contacts?pageSize=20&page={(PageRequest.MaxCounted / 20) + 1}");
        Assert.Equal([5L, 4L, 3L, 2L, 1L], past.GetProperty("items").Numbers());
        Assert.False(past.GetProperty("hasNextPage").GetBoolean());

        // Past the count the total cannot say whether a page is the last; hasNextPage does, also when it is full.
        var full = await api.GetJsonAsync($"/api/contacts?pageSize=5&page={(PageRequest.MaxCounted / 5) + 1}");
        Assert.Equal([5L, 4L, 3L, 2L, 1L], full.GetProperty("items").Numbers());
        Assert.False(full.GetProperty("hasNextPage").GetBoolean());
        var beforeIt = await api.GetJsonAsync($"/api/contacts?pageSize=5&page={PageRequest.MaxCounted / 5}");
        Assert.Equal([10L, 9L, 8L, 7L, 6L], beforeIt.GetProperty("items").Numbers());
        Assert.True(beforeIt.GetProperty("hasNextPage").GetBoolean());
        Assert.True(first.GetProperty("hasNextPage").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_search_finds_contacts_by_name_phone_or_e_mail_within_the_integration(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        using var api = hub.Operator();
        await provider.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("c-1", "Иван", "Петров", Phone: "+7 (905) 111-22-33")));
        await provider.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("c-2", "Анна", Email: "anna.k@example.com")));
        await other.SendOkAsync(new UpdateContactCommand(TestData.OtherProviderId, new ContactDetails("c-3", "Иван", "Сидоров")));

        async Task Finds(long[] expected, string query) =>
            Assert.Equal(expected, (await api.GetJsonAsync("/api/contacts?q=" + Uri.EscapeDataString(query))).GetProperty("items").Numbers());

        await Finds([3L, 1L], "ИВАН");
        await Finds([1L], "петр");
        await Finds([1L], "79051112233");
        await Finds([2L], "anna.k@example.com");
        await Finds([2L], "ann");
        await Finds([], "\"OR*(");
        var searched = await api.GetJsonAsync($"/api/contacts?integration={TestData.OtherProviderId}&q=" + Uri.EscapeDataString("иван"));
        Assert.Equal([3L], searched.GetProperty("items").Numbers());
        Assert.Equal(1, searched.Number("totalCount"));
    }

    [Fact]
    public async Task Bad_parameters_are_named_in_one_problem()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var api = hub.Operator();

        using var response = await api.GetAsync("/api/contacts?integration=nochat&page=0&pageSize=101&q=" + new string('x', 300), TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            ["integration", "page", "pageSize", "q"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_listing_adding_and_editing_contacts()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var anyone = hub.Operator(apiKey: null);

        var paths = (await anyone.GetJsonAsync("/openapi/v1.json")).GetProperty("paths");

        var list = paths.GetProperty("/api/contacts").GetProperty("get");
        Assert.Equal(
            ["integration", "page", "pageSize", "q"],
            list.GetProperty("parameters").EnumerateArray().Select(p => p.Text("name")).Order(StringComparer.Ordinal));
        Assert.Equal(["200", "400", "401", "429"], list.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        var create = paths.GetProperty("/api/contacts").GetProperty("post");
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        var edit = paths.GetProperty("/api/contacts/{number}").GetProperty("patch");
        Assert.Equal(
            ["200", "400", "401", "404", "413", "415", "429", "503"],
            edit.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
    }
}
