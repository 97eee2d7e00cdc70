using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Console;

/// <summary>The console's actions in the operator API, with an API key.</summary>
public sealed class ConsoleApiTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Assignment_read_markers_and_unread_counts_work_through_the_api(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var task = (await provider.SendOkAsync(TestData.Message(text: "One"))).Number;
        await provider.SendOkAsync(TestData.Message(text: "Two"));
        using var api = hub.Operator();
        var ct = TestContext.Current.CancellationToken;

        var unread = await api.GetJsonAsync($"/api/unread?employee={TestData.AgentEmail}");
        Assert.Equal(2, unread[0].Number("unread"));
        Assert.Equal(task, unread[0].Number("taskNumber"));

        using (var read = await api.PostAsJsonAsync($"/api/tasks/{task}/read", new { employeeEmail = TestData.AgentEmail }, ct))
        {
            Assert.Equal(2, (await read.ReadJsonAsync(HttpStatusCode.OK)).Number("wasUnread"));
        }

        Assert.Equal(0, (await api.GetJsonAsync($"/api/unread?employee={TestData.AgentEmail}")).GetArrayLength());
        Assert.Equal(1, (await api.GetJsonAsync($"/api/unread?employee={TestData.OwnerEmail}")).GetArrayLength());

        using (var assign = await api.PutAsJsonAsync($"/api/tasks/{task}/assignee", new { employeeEmail = TestData.AgentEmail }, ct))
        {
            Assert.Equal(TestData.AgentEmail, (await assign.ReadJsonAsync(HttpStatusCode.OK)).Text("assigneeEmail"));
        }

        using (var unknown = await api.PutAsJsonAsync($"/api/tasks/{task}/assignee", new { employeeEmail = "nobody@example.com" }, ct))
        {
            await unknown.ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        using (var missing = await api.PutAsJsonAsync("/api/tasks/999/assignee", new { employeeEmail = TestData.AgentEmail }, ct))
        {
            await missing.ReadProblemAsync(HttpStatusCode.NotFound);
        }

        using var unassign = await api.DeleteAsync($"/api/tasks/{task}/assignee", ct);
        Assert.True((await unassign.ReadJsonAsync(HttpStatusCode.OK)).IsNull("assigneeEmail"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Quick_replies_and_employees_are_managed_through_the_api(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var api = hub.Operator();
        var ct = TestContext.Current.CancellationToken;

        using (var invalid = await api.PostAsJsonAsync("/api/quick-replies", new { title = "", text = "x" }, ct))
        {
            await invalid.ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        using var created = await api.PostAsJsonAsync("/api/quick-replies", new { title = "Hello", text = "Good afternoon!" }, ct);
        var id = (await created.ReadJsonAsync(HttpStatusCode.OK)).Number("id");
        using (var changed = await api.PutAsJsonAsync($"/api/quick-replies/{id}", new { title = "Hello", text = "Good evening!" }, ct))
        {
            await changed.ReadJsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal("Good evening!", (await api.GetJsonAsync("/api/quick-replies"))[0].Text("text"));
        using (var deleted = await api.DeleteAsync($"/api/quick-replies/{id}", ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Equal(0, (await api.GetJsonAsync("/api/quick-replies")).GetArrayLength());

        // Employees are an administrator's key's to manage.
        using var admin = hub.Operator(TestData.AdminApiKey);
        using var added = await admin.PostAsJsonAsync("/api/employees", new { email = "maria@example.com", name = "Maria", administrator = false }, ct);
        Assert.Contains("/account/password?user=", (await added.ReadJsonAsync(HttpStatusCode.OK)).Text("url"), StringComparison.Ordinal);
        using (var twice = await admin.PostAsJsonAsync("/api/employees", new { email = "maria@example.com", name = "Maria" }, ct))
        {
            await twice.ReadProblemAsync(HttpStatusCode.BadRequest);
        }

        var employees = await admin.GetJsonAsync("/api/employees");
        Assert.Contains(employees.EnumerateArray(), e => e.Text("email") == "maria@example.com" && !e.GetProperty("hasPassword").GetBoolean());

        // Without a key, nothing.
        using var anonymous = hub.Operator(apiKey: null);
        using var refused = await anonymous.GetAsync("/api/employees", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
