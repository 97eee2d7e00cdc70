using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Security;

/// <summary>An operator's API key answers chats; only an administrator's key (Hub:AdminApiKeys) manages employees.</summary>
public sealed class AdminApiKeyTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_operator_key_cannot_add_an_administrator_or_reset_a_password_and_an_admin_key_can(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var api = hub.Operator();
        var ct = TestContext.Current.CancellationToken;

        using (var add = await api.PostAsJsonAsync("/api/employees", new { email = "mallory@example.com", name = "Mallory", administrator = true }, ct))
        {
            var problem = await add.ReadProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains("Hub:AdminApiKeys", problem.Text("detail"), StringComparison.Ordinal);
        }

        using (var invite = await api.PostAsync("/api/employees/1/invitation", null, ct))
        {
            await invite.ReadProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var list = await api.GetAsync("/api/employees", ct))
        {
            await list.ReadProblemAsync(HttpStatusCode.Forbidden);
        }

        // The operator's own work still opens to the key.
        await api.GetJsonAsync("/api/quick-replies");

        using var admin = hub.Operator(TestData.AdminApiKey);
        var employees = await admin.GetJsonAsync("/api/employees");
        Assert.DoesNotContain(employees.EnumerateArray(), e => e.Text("email") == "mallory@example.com");
        Assert.True(employees.EnumerateArray().Single(e => e.Text("email") == TestData.OwnerEmail).GetProperty("active").GetBoolean());
        var owner = employees.EnumerateArray().Single(e => e.Text("email") == TestData.OwnerEmail).Number("id");
        Assert.Contains("/account/password?user=", (await admin.PostJsonAsync($"/api/employees/{owner}/invitation")).Text("url"), StringComparison.Ordinal);

        // An administrator's key does the operator's work too.
        await admin.GetJsonAsync("/api/tasks");
    }
}
