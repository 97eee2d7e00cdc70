using System.Net;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Tasks;

/// <summary><c>GET /api/tasks/{number}</c> answers its newest messages first, a page at a time, with a cursor to the older ones.</summary>
public sealed class TaskMessagePagingTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_long_conversation_is_read_newest_page_first_and_older_pages_through_the_cursor(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var api = hub.Operator();
        for (var i = 1; i <= 5; i++)
        {
            await provider.SendOkAsync(TestData.Message(text: $"message {i}"));
        }

        var newest = await api.GetJsonAsync("/api/tasks/1?limit=2");
        var middle = await api.GetJsonAsync($"/api/tasks/1?limit=2&before={newest.Number("olderMessagesBefore")}");
        var oldest = await api.GetJsonAsync($"/api/tasks/1?limit=2&before={middle.Number("olderMessagesBefore")}");

        Assert.Equal(["message 4", "message 5"], Texts(newest));
        Assert.Equal(["message 2", "message 3"], Texts(middle));
        Assert.Equal(["message 1"], Texts(oldest));
        Assert.True(oldest.IsNull("olderMessagesBefore"));
        Assert.True((await api.GetJsonAsync("/api/tasks/1")).IsNull("olderMessagesBefore"));

        using var bad = await api.GetAsync("/api/tasks/1?limit=0&before=x", TestContext.Current.CancellationToken);
        var problem = await bad.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("before", out _));
    }

    private static string?[] Texts(System.Text.Json.JsonElement task) =>
        [.. task.GetProperty("messages").EnumerateArray().Select(m => m.Text("text"))];
}
