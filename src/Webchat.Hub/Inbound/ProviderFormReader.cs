using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>What reading a provider's body came to: its fields, or why there are none.</summary>
internal readonly record struct FormReadResult(FormFields? Fields, int ErrorStatus, string? Problem)
{
    /// <summary>The fields as read, cleaned for the store (no NUL, no lone surrogate): the edge where a provider's text comes in.</summary>
    public static FormReadResult Read(FormFields fields) => new(Clean(fields), 0, null);

    public static FormReadResult BadRequest(string problem) => new(null, StatusCodes.Status400BadRequest, problem);

    public static FormReadResult TooLarge(long limit) => new(null, StatusCodes.Status413PayloadTooLarge, $"the body is over {limit} bytes");

    private static FormFields Clean(FormFields fields)
    {
        foreach (var (key, value) in fields.All)
        {
            if (!StorableText.IsStorable(key) || !StorableText.IsStorable(value))
            {
                return new FormFields(fields.All.Select(f => KeyValuePair.Create(StorableText.Clean(f.Key), StorableText.Clean(f.Value))));
            }
        }

        return fields;
    }
}

/// <summary>
/// Reads a provider's body: <c>application/x-www-form-urlencoded</c> with the strict codec, or
/// <c>multipart/form-data</c> (PHP's curl sends it when given an array), never more than the limit.
/// </summary>
internal static class ProviderFormReader
{
    /// <summary>The most fields a body may carry, urlencoded or multipart: bounded work per request.</summary>
    public const int MaxFields = 2048;

    public static async Task<FormReadResult> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return FormReadResult.TooLarge(maxBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            return FormReadResult.BadRequest("the body is not a form (Content-Type is missing or unreadable)");
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return FormReadResult.BadRequest($"charset {contentType.Charset} is not supported: send UTF-8");
        }

        var isUrlEncoded = contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!isUrlEncoded && !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return FormReadResult.BadRequest($"Content-Type {contentType.MediaType} is not a form");
        }

        // The server's own limit follows the hub's, so a body under Hub:Inbound:MaxBodyBytes is never cut off by it.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            return isUrlEncoded
                ? await ReadUrlEncodedAsync(request.BodyReader, maxBytes, cancellationToken)
                : await ReadMultipartAsync(request, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException exception)
        {
            // The server could not read the body: broken chunks, over its size limit, too slow.
            return exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? FormReadResult.TooLarge(maxBytes)
                : FormReadResult.BadRequest("the body could not be read: " + exception.Message);
        }
    }

    private static async Task<FormReadResult> ReadUrlEncodedAsync(PipeReader body, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                return FormReadResult.TooLarge(maxBytes);
            }

            if (read.IsCompleted)
            {
                try
                {
                    return Decode(buffer);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed until the whole body is here.
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static FormReadResult Decode(ReadOnlySequence<byte> buffer)
    {
        if (CountFields(buffer) > MaxFields)
        {
            return FormReadResult.BadRequest($"the body has more than {MaxFields} fields");
        }

        if (buffer.IsSingleSegment)
        {
            return FormUrlEncoding.TryDecode(buffer.FirstSpan, out var fields, out var error) ? FormReadResult.Read(fields) : FormReadResult.BadRequest(error!);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            return FormUrlEncoding.TryDecode(copy.AsSpan(0, (int)buffer.Length), out var fields, out var error) ? FormReadResult.Read(fields) : FormReadResult.BadRequest(error!);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static long CountFields(ReadOnlySequence<byte> buffer)
    {
        long separators = 0;
        foreach (var segment in buffer)
        {
            separators += segment.Span.Count((byte)'&');
        }

        return separators + 1;
    }

    private static async Task<FormReadResult> ReadMultipartAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = maxBytes,
            ValueLengthLimit = maxBytes,
            ValueCountLimit = MaxFields,
        }));

        try
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var (key, values) in form)
            {
                foreach (var value in values)
                {
                    fields.Add(new(key, value ?? string.Empty));
                }
            }

            return FormReadResult.Read(new FormFields(fields));
        }
        catch (InvalidDataException exception)
        {
            return FormReadResult.BadRequest("the multipart body is broken: " + exception.Message);
        }
        catch (IOException exception) when (exception is not BadHttpRequestException)
        {
            return FormReadResult.BadRequest("the multipart body is broken: " + exception.Message);
        }
    }
}
