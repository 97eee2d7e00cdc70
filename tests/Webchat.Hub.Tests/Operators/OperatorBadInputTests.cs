using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Operators;

/// <summary>What the operator API answers to input it cannot use: a ProblemDetails that names the fix, never a 500.</summary>
public sealed class OperatorBadInputTests
{
    public static TheoryData<string, string> RoutesWithANumber => new()
    {
        { "GET", "/api/tasks/abc" },
        { "POST", "/api/tasks/12x/complete" },
        { "POST", "/api/tasks/99999999999999999999/reopen" },
        { "POST", "/api/tasks/abc/messages" },
        { "GET", "/api/contacts/abc" },
        { "POST", "/api/contacts/abc/messages" },
        { "GET", "/api/deliveries/abc" },
        { "POST", "/api/deliveries/abc/retry" },
    };

    [Theory]
    [MemberData(nameof(RoutesWithANumber))]
    public async Task A_route_number_that_is_not_a_number_gets_a_problem_naming_the_parameter(string method, string path)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var client = hub.Operator();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Matches("number|id", problem.Text("detail"));
    }

    [Theory]
    [InlineData("/api/tasks/1/messages")]
    [InlineData("/api/deliveries/retry")]
    public async Task A_JSON_body_in_a_charset_other_than_UTF_8_gets_415(string path)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, s => s["Hub:Integrations:0:ProviderUrl"] = "http://127.0.0.1:9/planfix_api");
        using var provider = hub.Provider();
        await provider.SendOkAsync(TestData.Message());
        using var client = hub.Operator();
        using var content = new StringContent("""{"text":"Hi","authorEmail":"agent@example.com","integration":"superchat"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=foo");

        using var response = await client.PostAsync(path, content, TestContext.Current.CancellationToken);

        var problem = await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_holding_a_NUL_or_half_a_surrogate_pair_gets_400_naming_the_field_and_nothing_is_stored(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");

        // A NUL is valid JSON: the hub refuses it by name. Half a pair is refused by the JSON reader itself.
        foreach (var (body, field) in new[]
        {
            ("""{"text":"Hello\u0000there","authorEmail":"agent@example.com"}""", "text"),
            ("""{"text":"Half \ud83d a pair","authorEmail":"agent@example.com"}""", "body"),
        })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await outbound.PostReplyAsync(task, content);
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        Assert.Single(await outbound.Hub.MessagesAsync(task));
        Assert.Equal(0, (await outbound.DeliveriesAsync()).Number("totalCount"));
    }
}
