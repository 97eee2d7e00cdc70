using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// Asserting on the operator API's answers as the JSON on the wire, not as the hub's own types.
/// (What <c>/webchat/api</c> answers is read with <see cref="ProtocolAnswer"/>.)
/// </summary>
public static class HttpAssertions
{
    /// <summary>GETs <paramref name="path"/> and returns the body of a 200 answer.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>POSTs to <paramref name="path"/> with no body and returns the body of a 200 answer.</summary>
    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null, TestContext.Current.CancellationToken);
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The numbers of the tasks a page of <c>/api/tasks</c> lists, in its order.</summary>
    public static async Task<long[]> ListedTaskNumbersAsync(this HttpClient client, string path) =>
        (await client.GetJsonAsync(path)).GetProperty("items").Numbers();

    /// <summary>Asserts the status and a JSON body, and returns the body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a ProblemDetails answer of <paramref name="expected"/> status, and returns its body.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.ReadJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static string? Text(this JsonElement element, string property) => element.GetProperty(property).GetString();

    public static long Number(this JsonElement element, string property) => element.GetProperty(property).GetInt64();

    public static bool IsNull(this JsonElement element, string property) => element.GetProperty(property).ValueKind == JsonValueKind.Null;

    public static DateTimeOffset Time(this JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();

    /// <summary>A number as the protocol's forms carry it: the <c>messageId</c> a provider is sent, say.</summary>
    public static string NumberText(this JsonElement element, string property) => element.Number(property).ToString(CultureInfo.InvariantCulture);

    /// <summary>The numbers of a list of objects, in order.</summary>
    public static long[] Numbers(this JsonElement array, string property = "number") => [.. array.EnumerateArray().Select(e => e.Number(property))];
}
