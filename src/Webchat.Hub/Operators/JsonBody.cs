using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Webchat.Hub.Operators;

/// <summary>What reading an operator's JSON body came to: the value, or the status and text of what is wrong.</summary>
internal readonly record struct JsonBodyResult<T>(T? Value, int Status, string? Problem)
{
    public static JsonBodyResult<T> Refused(int status, string problem) => new(default, status, problem);
}

/// <summary>
/// Reads an operator request's JSON body by hand, so a broken, oversized or non-JSON body gets a
/// ProblemDetails that says what is wrong instead of the framework's bare 400.
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonBodyResult<T>> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return JsonBodyResult<T>.Refused(StatusCodes.Status415UnsupportedMediaType, "Send the body as JSON (Content-Type: application/json).");
        }

        // JSON is UTF-8 (RFC 8259); any other charset would be read wrongly or not at all.
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return JsonBodyResult<T>.Refused(StatusCodes.Status415UnsupportedMediaType, $"The charset {contentType.Charset} is not supported: send the JSON as UTF-8.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return JsonBodyResult<T>.Refused(StatusCodes.Status413PayloadTooLarge, $"The body is over {maxBytes} bytes.");
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(cancellationToken) is { } value
                ? new(value, StatusCodes.Status200OK, null)
                : JsonBodyResult<T>.Refused(StatusCodes.Status400BadRequest, "The body is empty; send a JSON object.");
        }
        catch (JsonException exception)
        {
            return JsonBodyResult<T>.Refused(StatusCodes.Status400BadRequest, "The body is not valid JSON: " + exception.Message);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return JsonBodyResult<T>.Refused(StatusCodes.Status413PayloadTooLarge, $"The body is over {maxBytes} bytes.");
        }
    }
}
