using System.Net;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Tasks;

public sealed class TaskStatusTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Completing_a_task_tells_the_provider_it_is_no_longer_active_and_keeps_the_first_completion_time(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message());
        hub.Clock.Advance(TimeSpan.FromMinutes(5));

        var completed = await api.PostJsonAsync("/api/tasks/1/complete");
        hub.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await api.PostJsonAsync("/api/tasks/1/complete");

        foreach (var state in new[] { completed, again })
        {
            Assert.Equal(1, state.Number("number"));
            Assert.Equal("completed", state.Text("status"));
            Assert.Equal(hub.Clock.Start.AddMinutes(5), state.Time("completedAt"));
        }

        Assert.False(await StatusIsActiveAsync(provider));
        var task = await api.GetJsonAsync("/api/tasks/1");
        Assert.Equal("completed", task.Text("status"));
        Assert.Equal(hub.Clock.Start.AddMinutes(5), task.Time("completedAt"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Reopening_a_completed_task_makes_it_active_again_for_the_provider(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message());
        await api.PostJsonAsync("/api/tasks/1/complete");

        var reopened = await api.PostJsonAsync("/api/tasks/1/reopen");
        var again = await api.PostJsonAsync("/api/tasks/1/reopen");

        foreach (var state in new[] { reopened, again })
        {
            Assert.Equal("active", state.Text("status"));
            Assert.True(state.IsNull("completedAt"));
        }

        Assert.True(await StatusIsActiveAsync(provider));
        // The reopened task is the chat's task still: the contact's next message lands in it.
        var accepted = await provider.SendOkAsync(TestData.Message(text: "One more thing"));
        Assert.Equal(1, accepted.Number);
        var active = await api.ListedTaskNumbersAsync("/api/tasks?status=active");
        Assert.Equal([1L], active);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_completion_survives_a_restart_of_the_hub(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using (var provider = hub.Provider())
        using (var api = hub.Operator())
        {
            await provider.SendOkAsync(TestData.Message());
            await api.PostJsonAsync("/api/tasks/1/complete");
        }

        await hub.StopAsync();
        await hub.StartAsync();

        using var restarted = hub.Provider();
        Assert.False(await StatusIsActiveAsync(restarted));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Completing_or_reopening_an_unknown_task_is_a_404_problem_and_changes_nothing(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message());

        foreach (var path in new[] { "/api/tasks/7/complete", "/api/tasks/7/reopen" })
        {
            using var response = await api.PostAsync(path, null, TestContext.Current.CancellationToken);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains("7", problem.Text("detail"), StringComparison.Ordinal);
        }

        Assert.True(await StatusIsActiveAsync(provider));
    }

    /// <summary>What the provider learns from <c>getTask</c> about chat-1's task.</summary>
    private static async Task<bool> StatusIsActiveAsync(ProviderClient provider)
    {
        var answer = await provider.SendOkAsync(new GetTaskCommand(TestData.ProviderId, "chat-1"));
        Assert.Equal(1, answer.Number);
        return answer.Json.GetProperty("data").GetProperty("statusIsActive").GetBoolean();
    }
}
