using System.Net.Http.Json;
using System.Text.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.Infrastructure;

/// <summary>What a provider passes to reach a test's hub, and what the operator API says about it afterwards.</summary>
public static class HubArgs
{
    /// <summary><c>--hub … --provider-id … --token …</c> for <paramref name="hub"/>, followed by <paramref name="args"/>.</summary>
    public static string[] With(this HubHost hub, string verb, params string[] args) =>
        [verb, "--hub", hub.BaseAddress.ToString(), "--provider-id", TestData.ProviderId, "--token", TestData.Token, .. args];

    /// <summary>The operator API's JSON at <paramref name="path"/> (e.g. <c>/api/tasks/1</c>).</summary>
    public static async Task<JsonElement> OperatorGetAsync(this HubHost hub, string path)
    {
        using var client = hub.Operator();
        return await client.GetJsonAsync(path);
    }

    /// <summary>An employee's reply in task <paramref name="taskNumber"/> through the operator API: the hub's messageId.</summary>
    public static async Task<long> ReplyAsync(this HubHost hub, long taskNumber, string text)
    {
        using var client = hub.Operator();
        using var response = await client.PostAsJsonAsync($"/api/tasks/{taskNumber}/messages", new { text, authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return accepted.GetProperty("messageId").GetInt64();
    }

    public static JsonElement Json(this CliResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Out);
        return document.RootElement.Clone();
    }
}
