using System.Globalization;
using System.Text.Json;
using Webchat.Protocol;

namespace Webchat.Client;

/// <summary>The numbers a hub's answer carried, wherever it put them.</summary>
internal readonly record struct HubAnswer(long? Number, long? ContactNumber, bool? StatusIsActive);

/// <summary>
/// Reads a hub's answer the way real hubs send it: our hub's <c>{"data":{…}}</c>; <c>data</c> as a
/// JSON string holding the object; <c>number</c> at the top; an empty 200 body. Errors become a
/// <see cref="WebchatException"/> of the matching kind.
/// </summary>
internal static class HubAnswerReader
{
    public static HubAnswer Read(int status, string body)
    {
        using var document = ParseObject(body);
        var root = document?.RootElement;
        var error = root is { } r && r.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        // Some hubs answer an error with 200 and {"error":…}: the error wins.
        if (status is < 200 or > 299 || error is not null)
        {
            throw ToException(status, error);
        }

        if (root is not { } top)
        {
            return default;
        }

        using var inner = top.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String ? ParseObject(data.GetString()) : null;
        var fields = inner?.RootElement ?? (data.ValueKind == JsonValueKind.Object ? data : top);
        return new HubAnswer(
            ReadLong(fields, "number") ?? ReadLong(top, "number"),
            ReadLong(fields, "contactNumber") ?? ReadLong(top, "contactNumber"),
            ReadBool(fields, "statusIsActive") ?? ReadBool(top, "statusIsActive"));
    }

    public static WebchatException ToException(int status, string? error)
    {
        var kind = error switch
        {
            _ when Is(error, ProtocolErrors.InvalidToken) => WebchatErrorKind.InvalidToken,
            _ when Is(error, ProtocolErrors.InvalidParameters) || Is(error, ProtocolErrors.TooLarge) => WebchatErrorKind.InvalidParameters,
            _ when Is(error, ProtocolErrors.TaskNotFound) => WebchatErrorKind.TaskNotFound,
            _ when Is(error, ProtocolErrors.UnknownContact) => WebchatErrorKind.UnknownContact,
            _ when Is(error, ProtocolErrors.TemporarilyUnavailable) => WebchatErrorKind.Unavailable,
            _ => status switch
            {
                401 or 403 => WebchatErrorKind.InvalidToken,
                408 or 429 or >= 500 => WebchatErrorKind.Unavailable,
                >= 400 => WebchatErrorKind.InvalidParameters,
                _ => WebchatErrorKind.Unavailable,
            },
        };
        var said = error is null ? $"HTTP {status}" : $"HTTP {status} {{\"error\":\"{error}\"}}";
        var fix = kind switch
        {
            WebchatErrorKind.InvalidToken => "check Webchat:PlanfixToken and Webchat:ProviderId against the integration's settings",
            WebchatErrorKind.InvalidParameters => "a required field is missing, too long, or the hub URL is wrong",
            WebchatErrorKind.TaskNotFound => "the chat has no task at the hub yet",
            WebchatErrorKind.UnknownContact => "the hub has not seen this contact yet",
            _ => "the hub could not take the command now; send it again later",
        };
        return new WebchatException(kind, $"The hub answered {said}: {fix}.", status, error);
    }

    private static bool Is(string? error, string expected) => string.Equals(error, expected, StringComparison.OrdinalIgnoreCase);

    private static JsonDocument? ParseObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Not JSON (an "OK" from a script, say): read as an empty answer.
        }

        return null;
    }

    private static long? ReadLong(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }

    private static bool? ReadBool(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt64(out var number) => number != 0,
            JsonValueKind.String => value.GetString() is { } text && (HubCommandCodec.IsTrue(text) || text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase))
                ? HubCommandCodec.IsTrue(text)
                : null,
            _ => null,
        };
    }
}
