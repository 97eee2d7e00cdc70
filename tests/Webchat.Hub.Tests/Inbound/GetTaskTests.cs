using System.Net;
using Npgsql;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary><c>getTask</c>: the number of a chat's current task and whether it is active.</summary>
public sealed class GetTaskTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task GetTask_answers_the_chats_task_number_and_that_it_is_active(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message("chat-1"));
        await provider.CallAsync(TestData.Message("chat-2"));

        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "chat-2"))).ShouldBeOk()
            .ShouldBeJson("""{"data":{"number":2,"statusIsActive":true}}""");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task GetTask_of_a_chat_whose_task_was_completed_answers_it_as_not_active(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message());
        await hub.CompleteTaskAsync(1);

        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "chat-1"))).ShouldBeOk()
            .ShouldBeJson("""{"data":{"number":1,"statusIsActive":false}}""");
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task GetTask_of_an_unknown_chat_answers_task_not_found(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message("chat-1"));

        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "chat-unknown"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.TaskNotFound);
        // Chat ids are exact: another case is another chat.
        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "CHAT-1"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.TaskNotFound);
    }

    [Fact]
    public async Task GetTask_takes_the_token_from_the_token_field_too()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message());

        (await provider.CallAsync(ProviderForm.Of(new GetTaskCommand(TestData.ProviderId, "chat-1")).Remove("planfix_token").Add("token", TestData.Token)))
            .ShouldBeOk().ShouldBeJson("""{"data":{"number":1,"statusIsActive":true}}""");
    }

    [Fact]
    public async Task GetTask_answers_after_the_database_closed_the_hubs_connections()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Postgres);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message("chat-1"));
        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "chat-1"))).ShouldBeOk();

        // A restart or an administrator ends every session of the hub's database; the hub's idle connections are now dead.
        await using (var admin = new NpgsqlConnection(hub.Store.ConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await end.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }

        (await provider.CallAsync(new GetTaskCommand(TestData.ProviderId, "chat-1"))).ShouldBeOk()
            .ShouldBeJson("""{"data":{"number":1,"statusIsActive":true}}""");
    }
}
