using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>NewTaskIfNoActiveTask: what a message to a chat whose task was completed does.</summary>
public sealed class NewTaskRuleTests
{
    private static GetTaskCommand GetTask => new(TestData.ProviderId, "chat-1");

    /// <summary>A chat with a short conversation whose task an employee then completed.</summary>
    private static async Task CompletedConversationAsync(HubHost hub, ProviderClient provider)
    {
        (await provider.CallAsync(TestData.Message(text: "My boiler is broken"))).ShouldBeOk();
        (await provider.CallAsync(ProviderForm.Of(TestData.Message(text: "A technician comes tomorrow")).Set("isEcho", "1"))).ShouldBeOk();
        hub.Clock.Advance(TimeSpan.FromDays(2));
        await hub.CompleteTaskAsync(1);
        hub.Clock.Advance(TimeSpan.FromDays(5));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task By_default_a_message_to_a_completed_task_opens_a_new_task_that_carries_the_earlier_conversation(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await CompletedConversationAsync(hub, provider);

        var answer = (await provider.CallAsync(TestData.Message(text: "It is broken again"))).ShouldBeOk();

        Assert.Equal((2, 1), (answer.Number, answer.ContactNumber));
        (await provider.CallAsync(GetTask)).ShouldBeOk().ShouldBeJson("""{"data":{"number":2,"statusIsActive":true}}""");
        var task = await hub.TaskAsync(2);
        Assert.Equal(ChatTaskStatus.Active, task.Status);
        Assert.Equal((await hub.ContactAsync("contact-1")).Id, task.ContactId);
        Assert.Contains("#1", task.Description, StringComparison.Ordinal);
        Assert.Contains("Ivan Ivanov: My boiler is broken", task.Description, StringComparison.Ordinal);
        Assert.Contains("Olga: A technician comes tomorrow", task.Description, StringComparison.Ordinal);
        Assert.True(
            task.Description!.IndexOf("My boiler is broken", StringComparison.Ordinal) < task.Description.IndexOf("A technician comes tomorrow", StringComparison.Ordinal),
            "the earlier conversation is in its order");
        Assert.Equal(["It is broken again"], (await hub.MessagesAsync(2)).Select(m => m.Text));
        Assert.Equal(["My boiler is broken", "A technician comes tomorrow"], (await hub.MessagesAsync(1)).Select(m => m.Text));
        Assert.Equal(ChatTaskStatus.Completed, (await hub.TaskAsync(1)).Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_new_task_is_named_by_the_title_that_opens_it_and_takes_its_own_fields(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        (await provider.CallAsync(TestData.Message() with { Title = "First order", TaskData = [new("utm_source", "google")] })).ShouldBeOk();
        await hub.CompleteTaskAsync(1);

        (await provider.CallAsync(TestData.Message(text: "New order") with { Title = "Second order", TaskData = [new("utm_medium", "email")] })).ShouldBeOk();

        var task = await hub.TaskAsync(2);
        Assert.Equal("Second order", task.Name);
        Assert.Equal([("utm_medium", "email")], task.Fields.Select(f => (f.Name, f.Value)));
        Assert.Equal("First order", (await hub.TaskAsync(1)).Name);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Task_numbers_go_on_after_a_new_task_and_are_never_reused(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        (await provider.CallAsync(TestData.Message("chat-1"))).ShouldBeOk();
        (await provider.CallAsync(TestData.Message("chat-2"))).ShouldBeOk();
        await hub.CompleteTaskAsync(1);

        var reopened = (await provider.CallAsync(TestData.Message("chat-1", text: "again"))).ShouldBeOk();
        var third = (await provider.CallAsync(TestData.Message("chat-3"))).ShouldBeOk();

        Assert.Equal((3, 4), (reopened.Number, third.Number));
        Assert.Equal([1L, 2, 3, 4], (await hub.TasksAsync()).Select(t => t.Number));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task With_the_rule_off_the_message_goes_into_the_existing_task_which_is_reopened(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, settings => settings["Hub:Integrations:0:NewTaskIfNoActiveTask"] = "false");
        using var provider = hub.Provider();
        await CompletedConversationAsync(hub, provider);
        (await provider.CallAsync(GetTask)).ShouldBeOk().ShouldBeJson("""{"data":{"number":1,"statusIsActive":false}}""");

        var answer = (await provider.CallAsync(TestData.Message(text: "It is broken again") with { Title = "Not a new name" })).ShouldBeOk();

        Assert.Equal(1, answer.Number);
        (await provider.CallAsync(GetTask)).ShouldBeOk().ShouldBeJson("""{"data":{"number":1,"statusIsActive":true}}""");
        var task = Assert.Single(await hub.TasksAsync());
        Assert.Equal((ChatTaskStatus.Active, null, "Chat with Ivan Ivanov"), (task.Status, task.CompletedAt, task.Name));
        Assert.Equal(["My boiler is broken", "A technician comes tomorrow", "It is broken again"], (await hub.MessagesAsync(1)).Select(m => m.Text));

        // No number was spent on it: the next chat's task is 2.
        Assert.Equal(2, (await provider.CallAsync(TestData.Message("chat-2"))).ShouldBeOk().Number);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_rule_is_per_integration(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, settings => settings["Hub:Integrations:1:NewTaskIfNoActiveTask"] = "false");
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        var othersMessage = TestData.Message("chat-9") with { ProviderId = TestData.OtherProviderId };
        (await provider.CallAsync(TestData.Message())).ShouldBeOk();
        (await other.CallAsync(othersMessage)).ShouldBeOk();
        await hub.CompleteTaskAsync(1);
        await hub.CompleteTaskAsync(2);

        Assert.Equal(3, (await provider.CallAsync(TestData.Message(text: "again"))).ShouldBeOk().Number);
        Assert.Equal(2, (await other.CallAsync(othersMessage with { Message = "again" })).ShouldBeOk().Number);
    }
}
