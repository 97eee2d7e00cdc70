using System.Net;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Tasks;

/// <summary>What the tasks and contacts API answers whatever the data: refusals, unknown numbers, its description.</summary>
public sealed class TaskApiContractTests
{
    public static TheoryData<string, string, string?> Refused => new()
    {
        { "GET", "/api/tasks", null },
        { "GET", "/api/tasks/1", null },
        { "POST", "/api/tasks/1/complete", null },
        { "POST", "/api/tasks/1/reopen", null },
        { "GET", "/api/contacts/1", null },
        { "GET", "/api/tasks", "wrong-key" },
        { "GET", "/api/tasks/1", TestData.ApiKey + "x" },
        { "POST", "/api/tasks/1/complete", "wrong-key" },
        { "POST", "/api/tasks/1/reopen", "" },
        { "GET", "/api/contacts/1", TestData.Token },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_without_the_right_key_gets_a_401_problem_and_changes_nothing(string method, string path, string? key)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        await provider.SendOkAsync(TestData.Message());
        using var stranger = hub.Operator(key);

        using var response = await stranger.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        // Nothing of the task leaks, and nothing of it moved.
        Assert.DoesNotContain("Ivan", problem.GetRawText(), StringComparison.Ordinal);
        using var api = hub.Operator();
        Assert.Equal("active", (await api.GetJsonAsync("/api/tasks/1")).Text("status"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_number_the_hub_does_not_know_is_a_404_problem_naming_it(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        await provider.SendOkAsync(TestData.Message());

        foreach (var (path, what) in new[] { ("/api/tasks/2", "task"), ("/api/contacts/2", "contact") })
        {
            using var response = await api.GetAsync(path, TestContext.Current.CancellationToken);
            var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal($"There is no {what} number 2.", problem.Text("detail"));
        }
    }

    [Theory]
    [InlineData("GET", "/api/tasks/abc")]
    [InlineData("GET", "/api/tasks/1.5")]
    [InlineData("GET", "/api/tasks/99999999999999999999")]
    [InlineData("POST", "/api/tasks/abc/complete")]
    [InlineData("POST", "/api/tasks/1.5/reopen")]
    [InlineData("GET", "/api/contacts/ivan")]
    public async Task A_number_that_is_not_a_number_is_a_400_problem(string method, string path)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var api = hub.Operator();

        using var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_with_its_answers_and_the_bearer_scheme()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var anyone = hub.Operator(apiKey: null);

        var document = await anyone.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        var expected = new (string Path, string Method, string[] Statuses)[]
        {
            ("/api/tasks", "get", ["200", "400", "401", "429"]),
            ("/api/tasks/{number}", "get", ["200", "400", "401", "404", "429"]),
            ("/api/tasks/{number}/complete", "post", ["200", "400", "401", "404", "409", "429", "503"]),
            ("/api/tasks/{number}/reopen", "post", ["200", "400", "401", "404", "409", "429", "503"]),
            ("/api/contacts/{number}", "get", ["200", "400", "401", "404", "429"]),
        };
        foreach (var (path, method, statuses) in expected)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.False(string.IsNullOrWhiteSpace(operation.Text("summary")), $"{method} {path} has no summary");
            Assert.Equal(statuses, operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
            Assert.True(operation.GetProperty("responses").GetProperty("200").TryGetProperty("content", out _), $"{method} {path} has no 200 body");
        }

        var parameters = paths.GetProperty("/api/tasks").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.Text("name")!, p => p.GetProperty("schema"));
        Assert.Equal(["integration", "label", "page", "pageSize", "q", "status"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["active", "completed"], parameters["status"].GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("integer", parameters["page"].Text("type"));
        Assert.Equal(100, parameters["pageSize"].GetProperty("maximum").GetInt32());

        var notFound = paths.GetProperty("/api/tasks/{number}").GetProperty("get").GetProperty("responses").GetProperty("404");
        Assert.True(notFound.GetProperty("content").TryGetProperty("application/problem+json", out _));

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("http", schemes.GetProperty("Bearer").Text("type"));
        Assert.Equal("bearer", schemes.GetProperty("Bearer").Text("scheme"));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("Bearer", out _));

        // Enums are words on the wire, and the schemas say so.
        var status = document.GetProperty("components").GetProperty("schemas").GetProperty("ChatTaskStatus");
        Assert.Equal(["active", "completed"], status.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
