using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Labels;

public sealed class LabelTests
{
    private static async Task<long[]> ThreeTasksAsync(HubHost hub)
    {
        using var provider = hub.Provider();
        return
        [
            (await provider.SendOkAsync(TestData.Message("chat-1", "contact-1"))).Number,
            (await provider.SendOkAsync(TestData.Message("chat-2", "contact-2"))).Number,
            (await provider.SendOkAsync(TestData.Message("chat-3", "contact-3"))).Number,
        ];
    }

    private static async Task<JsonElement> SetAsync(HttpClient api, long task, params string[] labels)
    {
        using var response = await api.PutAsJsonAsync($"/api/tasks/{task}/labels", new { labels }, TestContext.Current.CancellationToken);
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    private static string[] LabelsOf(JsonElement task) => [.. task.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!)];

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Labels_are_trimmed_and_case_insensitive_Cyrillic_too_and_the_task_list_filters_by_them(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var tasks = await ThreeTasksAsync(hub);
        using var api = hub.Operator();

        var set = await SetAsync(api, tasks[0], "  СРОЧНО ", "срочно", "VIP   client");
        Assert.Equal(["vip client", "срочно"], LabelsOf(set));
        await SetAsync(api, tasks[2], "Срочно");

        Assert.Equal(["vip client", "срочно"], LabelsOf(await api.GetJsonAsync($"/api/tasks/{tasks[0]}")));
        Assert.Empty(LabelsOf(await api.GetJsonAsync($"/api/tasks/{tasks[1]}")));
        Assert.Equal([tasks[2], tasks[0]], await api.ListedTaskNumbersAsync("/api/tasks?label=" + Uri.EscapeDataString("СРОЧНО")));
        Assert.Equal([tasks[0]], await api.ListedTaskNumbersAsync("/api/tasks?label=VIP%20CLIENT"));
        Assert.Empty(await api.ListedTaskNumbersAsync("/api/tasks?label=other"));
        var listed = (await api.GetJsonAsync("/api/tasks?label=" + Uri.EscapeDataString("срочно"))).GetProperty("items")[1];
        Assert.Equal(["vip client", "срочно"], LabelsOf(listed));

        // Setting replaces: what is not listed goes.
        Assert.Equal(["срочно"], LabelsOf(await SetAsync(api, tasks[0], "срочно")));
        Assert.Empty(await api.ListedTaskNumbersAsync("/api/tasks?label=vip%20client"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Bad_labels_are_refused_with_problems_naming_them_and_the_task_keeps_its_labels(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var tasks = await ThreeTasksAsync(hub);
        using var api = hub.Operator();
        await SetAsync(api, tasks[0], "kept");

        async Task<JsonElement> RefusedAsync(object body, HttpStatusCode status, long? task = null)
        {
            using var response = await api.PutAsJsonAsync($"/api/tasks/{task ?? tasks[0]}/labels", body, TestContext.Current.CancellationToken);
            return await response.ReadProblemAsync(status);
        }

        Assert.True((await RefusedAsync(new { labels = new List<string> { "ok", "   " } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("labels[1]", out _));
        Assert.True((await RefusedAsync(new { labels = new List<string> { new('я', 51) } }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("labels[0]", out _));
        Assert.True((await RefusedAsync(new { labels = Enumerable.Range(0, 21).Select(i => $"l{i}").ToArray() }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("labels", out _));
        Assert.True((await RefusedAsync(new { other = 1 }, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("labels", out _));
        await RefusedAsync(new { labels = new List<string> { "x" } }, HttpStatusCode.NotFound, 999);
        using (var listed = await api.GetAsync("/api/tasks?label=" + new string('x', 51), TestContext.Current.CancellationToken))
        {
            Assert.True((await listed.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("label", out _));
        }

        Assert.Equal(["kept"], LabelsOf(await api.GetJsonAsync($"/api/tasks/{tasks[0]}")));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_label_renamed_or_deleted_changes_on_every_task_and_a_rename_onto_another_label_merges_them(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        var tasks = await ThreeTasksAsync(hub);
        using var api = hub.Operator();
        await SetAsync(api, tasks[0], "срочно", "urgent");
        await SetAsync(api, tasks[1], "urgent");
        await SetAsync(api, tasks[2], "spam");

        var usage = await api.GetJsonAsync("/api/labels");
        Assert.Equal(["urgent", "spam", "срочно"], usage.EnumerateArray().Select(u => u.Text("name")));
        Assert.Equal(2, usage[0].Number("tasks"));

        // Only administrators' keys rename or delete: an operator's key is refused and changes nothing.
        using (var refused = await api.PutAsJsonAsync("/api/labels/urgent", new { name = "other" }, TestContext.Current.CancellationToken))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var refused = await api.DeleteAsync("/api/labels/urgent", TestContext.Current.CancellationToken))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Forbidden);
        }

        using var admin = hub.Operator(TestData.AdminApiKey);
        using (var renamed = await admin.PutAsJsonAsync("/api/labels/URGENT", new { name = "Срочно" }, TestContext.Current.CancellationToken))
        {
            var result = await renamed.ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("срочно", result.Text("name"));
        }

        Assert.Equal(["срочно"], LabelsOf(await api.GetJsonAsync($"/api/tasks/{tasks[0]}")));
        Assert.Equal(["срочно"], LabelsOf(await api.GetJsonAsync($"/api/tasks/{tasks[1]}")));
        Assert.Equal([tasks[1], tasks[0]], await api.ListedTaskNumbersAsync("/api/tasks?label=%D0%A1%D1%80%D0%BE%D1%87%D0%BD%D0%BE"));

        using (var deleted = await admin.DeleteAsync("/api/labels/Spam", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Empty(LabelsOf(await api.GetJsonAsync($"/api/tasks/{tasks[2]}")));
        using (var gone = await admin.DeleteAsync("/api/labels/spam", TestContext.Current.CancellationToken))
        {
            await gone.ReadProblemAsync(HttpStatusCode.NotFound);
        }

        using var blank = await admin.PutAsJsonAsync("/api/labels/%D1%81%D1%80%D0%BE%D1%87%D0%BD%D0%BE", new { name = " " }, TestContext.Current.CancellationToken);
        Assert.True((await blank.ReadProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("body.name", out _));
    }
}
