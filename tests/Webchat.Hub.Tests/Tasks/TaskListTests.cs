using System.Net;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Tasks;

public sealed class TaskListTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_list_shows_every_task_newest_first_with_its_integration_contact_and_messages(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        using var api = hub.Operator();

        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1", "First"));
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        await other.SendOkAsync(new NewMessageCommand(TestData.OtherProviderId, "other-chat", "Hi", new ContactDetails("other-contact", "Petr", "Petrov")));
        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1", "Second"));

        var list = await api.GetJsonAsync("/api/tasks");

        Assert.Equal([2L, 1L], list.GetProperty("items").Numbers());
        Assert.Equal(2, list.Number("totalCount"));
        Assert.Equal(1, list.Number("page"));
        Assert.Equal(20, list.Number("pageSize"));
        Assert.Equal(1, list.Number("totalPages"));

        var newest = list.GetProperty("items")[0];
        Assert.Equal("Chat with Petr Petrov", newest.Text("name"));
        Assert.Equal("active", newest.Text("status"));
        Assert.Equal(TestData.OtherProviderId, newest.Text("integration"));
        Assert.Equal(2, newest.Number("contactNumber"));
        Assert.Equal("Petr Petrov", newest.Text("contactName"));

        var oldest = list.GetProperty("items")[1];
        Assert.Equal(TestData.ProviderId, oldest.Text("integration"));
        Assert.Equal(2, oldest.Number("messageCount"));
        Assert.Equal(hub.Clock.Start, oldest.Time("createdAt"));
        Assert.Equal(hub.Clock.Start.AddMinutes(2), oldest.Time("lastMessageAt"));
        Assert.True(oldest.IsNull("completedAt"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Status_and_integration_filters_narrow_the_list(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message("chat-1", "contact-1"));
        await provider.SendOkAsync(TestData.Message("chat-2", "contact-2"));
        await other.SendOkAsync(new NewMessageCommand(TestData.OtherProviderId, "chat-3", "Hi", new ContactDetails("contact-3", "Petr")));
        await api.PostJsonAsync("/api/tasks/2/complete");

        var active = await api.ListedTaskNumbersAsync("/api/tasks?status=active");
        var completed = await api.ListedTaskNumbersAsync("/api/tasks?status=Completed");
        var ofOneIntegration = await api.ListedTaskNumbersAsync($"/api/tasks?integration={TestData.ProviderId}");
        Assert.Equal([3L, 1L], active);
        Assert.Equal([2L], completed);
        Assert.Equal([2L, 1L], ofOneIntegration);
        var both = await api.GetJsonAsync($"/api/tasks?integration={TestData.ProviderId}&status=active");
        Assert.Equal([1L], both.GetProperty("items").Numbers());
        Assert.Equal(1, both.Number("totalCount"));
        var none = await api.GetJsonAsync($"/api/tasks?integration={TestData.OtherProviderId}&status=completed");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
        Assert.Equal(0, none.Number("totalCount"));
        Assert.Equal(0, none.Number("totalPages"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Pages_split_the_list_in_order_and_tell_the_total(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        for (var chat = 1; chat <= 5; chat++)
        {
            await provider.SendOkAsync(TestData.Message($"chat-{chat}", $"contact-{chat}"));
        }

        var first = await api.GetJsonAsync("/api/tasks?pageSize=2");
        var second = await api.GetJsonAsync("/api/tasks?pageSize=2&page=2");
        var last = await api.GetJsonAsync("/api/tasks?pageSize=2&page=3");
        var beyond = await api.GetJsonAsync("/api/tasks?pageSize=2&page=4");

        Assert.Equal([5L, 4L], first.GetProperty("items").Numbers());
        Assert.Equal([3L, 2L], second.GetProperty("items").Numbers());
        Assert.Equal([1L], last.GetProperty("items").Numbers());
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        foreach (var page in new[] { first, second, last, beyond })
        {
            Assert.Equal(5, page.Number("totalCount"));
            Assert.Equal(3, page.Number("totalPages"));
            Assert.Equal(2, page.Number("pageSize"));
        }

        Assert.Equal(3, last.Number("page"));
    }

    [Theory]
    [InlineData("status=open", "status")]
    [InlineData("status=0", "status")]
    [InlineData("status=", "status")]
    [InlineData("integration=nochat", "integration")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=99999999999", "pageSize")]
    public async Task A_bad_filter_gets_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var api = hub.Operator();

        using var response = await api.GetAsync($"/api/tasks?{query}", TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains(parameter, errors.GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
        Assert.Contains(parameter, problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_bad_filters_are_named_together()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var api = hub.Operator();

        using var response = await api.GetAsync("/api/tasks?status=done&integration=x&page=x&pageSize=x", TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            ["integration", "page", "pageSize", "status"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }
}
