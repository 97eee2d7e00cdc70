using System.Net;
using System.Net.Http.Json;
using System.Text;
using Webchat.Hub.Live;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Contacts;

public sealed class ContactEditTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_operator_adds_a_contact_by_hand_with_the_next_contact_number(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1"));

        using var response = await api.PostAsJsonAsync(
            "/api/contacts",
            new { integration = TestData.ProviderId, name = "  Мария ", lastName = "Кузнецова", phone = "+7 905 000-11-22", email = "maria@example.com" },
            TestContext.Current.CancellationToken);

        var created = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, created.Number("number"));
        Assert.Equal("/api/contacts/2", response.Headers.Location?.OriginalString);
        Assert.Equal("Мария", created.Text("name"));
        Assert.Equal("~hub-2", created.Text("contactId"));
        Assert.Empty(created.GetProperty("tasks").EnumerateArray());

        var stored = await api.GetJsonAsync("/api/contacts/2");
        Assert.Equal(TestData.ProviderId, stored.Text("integration"));
        Assert.Equal("Кузнецова", stored.Text("lastName"));
        Assert.Equal("+7 905 000-11-22", stored.Text("phone"));
        Assert.Equal("maria@example.com", stored.Text("email"));
        Assert.Equal(hub.Clock.Start, stored.Time("createdAt"));
        var found = await api.GetJsonAsync("/api/contacts?q=" + Uri.EscapeDataString("мария"));
        Assert.Equal([2L], found.GetProperty("items").Numbers());

        // The provider's next new contact takes the number after it: one allocator.
        var next = await provider.SendOkAsync(TestData.Message("chat-2", "contact-2"));
        Assert.Equal(3, next.ContactNumber);
        Assert.Equal(3, (await api.GetJsonAsync("/api/contacts/3")).Number("number"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_new_contact_that_is_not_valid_is_refused_with_each_field_named(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var api = hub.Operator();

        var problem = await PostAsync(api, """{"integration":"nochat","name":"  ","phone":"call me","email":"no-at-sign","lastName":"a\u0000b"}""", HttpStatusCode.BadRequest);
        Assert.Equal(
            ["email", "integration", "lastName", "name", "phone"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var missing = await PostAsync(api, """{"name":"Ivan"}""", HttpStatusCode.BadRequest);
        Assert.Equal(["integration"], missing.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var tooLong = await PostAsync(api, $$"""{"integration":"{{TestData.ProviderId}}","name":"{{new string('n', 256)}}"}""", HttpStatusCode.BadRequest);
        Assert.Contains("255", tooLong.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        await PostAsync(api, "{not json", HttpStatusCode.BadRequest);
        using var form = await api.PostAsync("/api/contacts", new StringContent("name=Ivan", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);
        await form.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(0, (await api.GetJsonAsync("/api/contacts")).Number("totalCount"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Editing_a_contact_changes_only_the_fields_sent_and_refreshes_its_tasks_live(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(new NewMessageCommand(
            TestData.ProviderId, "chat-1", "Hello", new ContactDetails("contact-1", "Ivan", "Ivanov", Email: "ivan@example.com", Phone: "+79990000000")));
        await provider.SendOkAsync(TestData.Message("chat-2", "contact-2"));
        await provider.SendOkAsync(TestData.Message("chat-3", "contact-1"));
        var events = hub.Services.GetRequiredService<HubEvents>();
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        listening.CancelAfter(TimeSpan.FromSeconds(30));
        var feed = events.SubscribeAsync(listening.Token).GetAsyncEnumerator(listening.Token);
        var first = feed.MoveNextAsync();
        hub.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await api.PatchAsync(
            "/api/contacts/1",
            new StringContent("""{"name":"Пётр","phone":"","email":"petr@example.com"}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        var edited = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Пётр", edited.Text("name"));
        Assert.Equal("Ivanov", edited.Text("lastName"));
        Assert.True(edited.IsNull("phone"));
        Assert.Equal("petr@example.com", edited.Text("email"));
        Assert.Equal(hub.Clock.Start.AddMinutes(5), edited.Time("updatedAt"));

        var published = new List<HubEvent>();
        Assert.True(await first);
        published.Add(feed.Current);
        Assert.True(await feed.MoveNextAsync());
        published.Add(feed.Current);
        Assert.Equal(
            [new HubEvent(HubEventKind.TaskChanged, 1), new HubEvent(HubEventKind.TaskChanged, 3)],
            published.OrderBy(e => e.TaskNumber));
        await feed.DisposeAsync();

        var task = (await api.GetJsonAsync("/api/tasks?q=" + Uri.EscapeDataString("петр"))).GetProperty("items");
        Assert.Equal([3L, 1L], task.Numbers());
        Assert.Equal("Пётр Ivanov", task[0].Text("contactName"));
        Assert.Empty((await api.GetJsonAsync("/api/tasks?q=79990000000")).GetProperty("items").EnumerateArray());
        Assert.Equal("Ivan", (await api.GetJsonAsync("/api/contacts/2")).Text("name"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_edit_that_is_not_valid_or_of_no_contact_changes_nothing(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1"));

        var problem = await PatchAsync(api, "/api/contacts/1", """{"name":"","email":"a b@c"}""", HttpStatusCode.BadRequest);
        Assert.Equal(["email", "name"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        await PatchAsync(api, "/api/contacts/99", """{"name":"Olga"}""", HttpStatusCode.NotFound);
        await PatchAsync(api, "/api/contacts/1", "[1,2]", HttpStatusCode.BadRequest);

        var contact = await api.GetJsonAsync("/api/contacts/1");
        Assert.Equal("Ivan", contact.Text("name"));
        Assert.Equal(hub.Clock.Start, contact.Time("updatedAt"));
    }

    private static async Task<System.Text.Json.JsonElement> PostAsync(HttpClient api, string json, HttpStatusCode expected)
    {
        using var response = await api.PostAsync("/api/contacts", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return await response.ReadProblemAsync(expected);
    }

    private static async Task<System.Text.Json.JsonElement> PatchAsync(HttpClient api, string path, string json, HttpStatusCode expected)
    {
        using var response = await api.PatchAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return await response.ReadProblemAsync(expected);
    }
}
