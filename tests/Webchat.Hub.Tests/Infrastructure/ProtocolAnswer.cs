using System.Net;
using System.Text.Json;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>What the hub answered on <c>/webchat/api</c>: status, media type and the JSON body, read in full.</summary>
public sealed class ProtocolAnswer
{
    private ProtocolAnswer(HttpStatusCode status, string? mediaType, string body, int? retryAfter)
    {
        Status = status;
        MediaType = mediaType;
        Body = body;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    public string? MediaType { get; }

    public string Body { get; }

    /// <summary>The Retry-After header in seconds, when there is one.</summary>
    public int? RetryAfter { get; }

    /// <summary>The body as JSON; fails the test when it is not JSON.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary><c>data.number</c>: the task number of <c>newMessage</c>/<c>getTask</c>, the contact number of <c>getContact</c>.</summary>
    public long Number => Json.GetProperty("data").GetProperty("number").GetInt64();

    /// <summary><c>data.contactNumber</c> of a <c>newMessage</c> answer.</summary>
    public long ContactNumber => Json.GetProperty("data").GetProperty("contactNumber").GetInt64();

    public static async Task<ProtocolAnswer> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return new ProtocolAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds);
        }
    }

    /// <summary>Asserts a 200 with a JSON body and returns this answer.</summary>
    public ProtocolAnswer ShouldBeOk()
    {
        ShouldHave(HttpStatusCode.OK);
        return this;
    }

    /// <summary>Asserts the protocol's error answer: <paramref name="status"/> and exactly <c>{"error":"…"}</c>.</summary>
    public void ShouldBeError(HttpStatusCode status, string error)
    {
        ShouldHave(status);
        Assert.Equal(JsonValueKind.Object, Json.ValueKind);
        Assert.Equal(error, Json.GetProperty("error").GetString());
        Assert.Single(Json.EnumerateObject());
    }

    /// <summary>Asserts <c>400 {"error":"Invalid parameters"}</c>.</summary>
    public void ShouldBeInvalidParameters() => ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.InvalidParameters);

    /// <summary>Asserts <c>401 {"error":"Invalid token"}</c>.</summary>
    public void ShouldBeInvalidToken() => ShouldBeError(HttpStatusCode.Unauthorized, ProtocolErrors.InvalidToken);

    /// <summary>Asserts a body that is exactly this JSON (property order and spacing aside).</summary>
    public void ShouldBeJson(string expected)
    {
        using var want = JsonDocument.Parse(expected);
        Assert.True(JsonElement.DeepEquals(want.RootElement, Json), $"expected {expected}, got {Body}");
    }

    private void ShouldHave(HttpStatusCode status)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Body}");
        Assert.Equal("application/json", MediaType);
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
