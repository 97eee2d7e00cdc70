using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Webchat.Hub.Search;
using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Search;

public sealed class TaskSearchTests
{
    /// <summary>Three tasks: Иван's about boilers, Ольга's about an order (phone and e-mail known), Petr's in the other integration.</summary>
    private static async Task SeedAsync(HubHost hub)
    {
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        await provider.SendOkAsync(new NewMessageCommand(
            TestData.ProviderId, "chat-1", "Здравствуйте, нужны ГАЗОВЫЕ котлы на зиму", new ContactDetails("contact-1", "Иван", "Иванов"), Channel: "telegram"));
        await provider.SendOkAsync(new NewMessageCommand(
            TestData.ProviderId,
            "chat-2",
            "Where is my order? It's been a week",
            new ContactDetails("contact-2", "Ольга", "Смирнова", Email: "olga.smirnova@example.com", Phone: "+7 (905) 123-45-67"),
            Channel: "whatsapp"));
        await other.SendOkAsync(new NewMessageCommand(
            TestData.OtherProviderId, "chat-3", "Ещё вопрос про котлы и ёлку", new ContactDetails("contact-3", "Petr", "Petrov")));
    }

    private static async Task AssertFindsAsync(long[] expected, HttpClient api, string q, string filters = "") =>
        Assert.Equal(expected, await SearchAsync(api, q, filters));

    private static Task<long[]> SearchAsync(HttpClient api, string q, string filters = "") =>
        api.ListedTaskNumbersAsync("/api/tasks?q=" + Uri.EscapeDataString(q) + filters);

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_Cyrillic_word_finds_the_tasks_whose_messages_hold_it_whatever_its_case(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        using var api = hub.Operator();

        await AssertFindsAsync([3L, 1L], api, "котлы");
        await AssertFindsAsync([1L], api, "газовые");
        await AssertFindsAsync([1L], api, "ЗДРАВСТВУЙТЕ котлы");
        await AssertFindsAsync([3L], api, "елку");
        await AssertFindsAsync([2L], api, "ORDER");
        Assert.Empty(await SearchAsync(api, "холодильник"));
        // Every word must be found in one message.
        Assert.Empty(await SearchAsync(api, "котлы order"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_contact_is_found_by_name_last_name_phone_or_e_mail(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        using var api = hub.Operator();

        await AssertFindsAsync([1L], api, "иван");
        await AssertFindsAsync([2L], api, "Смирнова");
        await AssertFindsAsync([2L], api, "ольга смирнова");
        await AssertFindsAsync([3L], api, "petrov");
        await AssertFindsAsync([2L], api, "olga.smirnova@example.com");
        await AssertFindsAsync([2L], api, "79051234567");
        await AssertFindsAsync([2L], api, "+7 905 123");
        await AssertFindsAsync([2L], api, "+7905");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_last_word_matches_as_a_prefix_while_it_is_being_typed(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        using var api = hub.Operator();

        await AssertFindsAsync([1L], api, "Ива");
        await AssertFindsAsync([1L], api, "газов");
        await AssertFindsAsync([3L, 1L], api, "кот");
        await AssertFindsAsync([2L], api, "olga.smir");
        // Only the last word: "котл" as a whole word is in no message.
        Assert.Empty(await SearchAsync(api, "котл газовые"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Quotes_operators_and_control_characters_are_only_text_never_a_failure(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        using var api = hub.Operator();

        string[] awkward =
        [
            "\"", "\"котлы", "котлы\"", "котлы*", "NEAR(котлы газовые)", "котлы OR order", "-котлы", "^котлы", "котлы AND", "AND",
            "{Name}: Иван", "Name:Иван", "(", ")", "*", "'", "''", "котлы' | 'order", "!котлы & :*", "\\", "\0", "котлы\0газовые",
            "\u0001\u001f", "💬 котлы", new string('я', 256), "a b c d e f g h i j k l m n o p", "   ",
        ];
        foreach (var q in awkward)
        {
            using var response = await api.GetAsync("/api/tasks?q=" + Uri.EscapeDataString(q), TestContext.Current.CancellationToken);
            var page = await response.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal(System.Text.Json.JsonValueKind.Array, page.GetProperty("items").ValueKind);
        }

        // The syntax a store would read is taken as plain words.
        await AssertFindsAsync([3L, 1L], api, "\"котлы\"");
        await AssertFindsAsync([3L, 1L], api, "котлы*");
        await AssertFindsAsync([1L], api, "котлы\0газовые");
        await AssertFindsAsync([1L], api, "(Иван)");
        await AssertFindsAsync([1L], api, "{Иван}:*");
        // A whitespace-only q is no search: the whole list.
        await AssertFindsAsync([3L, 2L, 1L], api, "   ");

        using var tooLong = await api.GetAsync("/api/tasks?q=" + new string('a', 257), TestContext.Current.CancellationToken);
        var problem = await tooLong.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_search_respects_the_lists_filters_and_paging(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        using var provider = hub.Provider();
        await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-4", "Котлы в наличии?", new ContactDetails("contact-4", "Анна")));
        using var api = hub.Operator();
        await api.PostJsonAsync("/api/tasks/1/complete");

        await AssertFindsAsync([4L, 3L, 1L], api, "котлы");
        await AssertFindsAsync([4L, 3L], api, "котлы", "&status=active");
        await AssertFindsAsync([1L], api, "котлы", "&status=completed");
        await AssertFindsAsync([4L, 1L], api, "котлы", $"&integration={TestData.ProviderId}");
        await AssertFindsAsync([3L], api, "котлы", $"&integration={TestData.OtherProviderId}&status=active");

        var second = await api.GetJsonAsync("/api/tasks?q=" + Uri.EscapeDataString("котлы") + "&pageSize=2&page=2");
        Assert.Equal([1L], second.GetProperty("items").Numbers());
        Assert.Equal(3, second.Number("totalCount"));
        Assert.Equal(2, second.Number("totalPages"));

        // The service the console calls takes the chat's channel too, and a limit.
        var search = hub.Services.GetRequiredService<TaskSearch>();
        var cancellationToken = TestContext.Current.CancellationToken;
        Assert.Equal<long>([1L], await search.FindTaskNumbersAsync("котлы", new TaskSearchFilter(Channel: "telegram"), 10, cancellationToken));
        Assert.Equal<long>([2L], await search.FindTaskNumbersAsync("order", new TaskSearchFilter(ChatTaskStatus.Active, Channel: "whatsapp"), 10, cancellationToken));
        Assert.Equal<long>([4L], await search.FindTaskNumbersAsync("котлы", TaskSearchFilter.None, 1, cancellationToken));
        Assert.Empty(await search.FindTaskNumbersAsync("котлы", new TaskSearchFilter(Channel: "viber"), 10, cancellationToken));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task New_messages_and_changed_contact_details_are_found_at_once(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        using var provider = hub.Provider();
        using var api = hub.Operator();

        await provider.SendOkAsync(new UpdateContactCommand(
            TestData.ProviderId, new ContactDetails("contact-1", "Пётр", "Сидоров", Email: "petr@sidorov.ru", Phone: "8-800-555-35-35")));
        await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, "chat-1", "И ещё бойлер", new ContactDetails("contact-1")));

        Assert.Empty(await SearchAsync(api, "Иванов"));
        await AssertFindsAsync([1L], api, "Сидоров");
        await AssertFindsAsync([1L], api, "петр");
        await AssertFindsAsync([1L], api, "petr@sidorov.ru");
        await AssertFindsAsync([1L], api, "88005553535");
        await AssertFindsAsync([1L], api, "бойлер");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Messages_and_contacts_stored_before_the_search_index_existed_are_found(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        await SeedAsync(hub);
        await hub.StopAsync();
        await using (var db = hub.Store.OpenContext())
        {
            // Back to the schema before search, with the rows kept: the hub brings it up again on start.
            await db.GetService<IMigrator>().MigrateAsync("InitialCreate", cancellationToken: TestContext.Current.CancellationToken);
        }

        await hub.StartAsync();
        using var api = hub.Operator();

        await AssertFindsAsync([3L, 1L], api, "котлы");
        await AssertFindsAsync([2L], api, "смирнова");
        await AssertFindsAsync([2L], api, "79051234567");
    }
}
