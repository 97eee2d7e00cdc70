using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Webchat.Hub.Operators;
using Webchat.Hub.Uploads;
using Webchat.Protocol;

namespace Webchat.Hub.Replies;

/// <summary>A reply as read: its fields, the links it names, and the files it uploaded (already on disk).</summary>
internal sealed record ReplyDraft(string? Text, string? AuthorEmail, IReadOnlyList<ReplyAttachment> Links, IReadOnlyList<StagedUpload> Files, Uri PublicBase)
{
    /// <summary>The message's attachments in order: the named links, then the uploaded files at their public URLs.</summary>
    public IEnumerable<Attachment> Attachments =>
        Links.Select(l => new Attachment(l.Name!, l.Url!))
            .Concat(Files.Select(f => new Attachment(f.Name, UploadStore.UrlOf(PublicBase, f))));
}

/// <summary>What reading a reply came to: a draft, or the outcome that refuses it.</summary>
internal readonly record struct ReplyRead(ReplyDraft? Draft, ReplyOutcome? Refusal);

/// <summary>Reads a reply: JSON, or multipart/form-data whose files are streamed to the uploads folder as they come.</summary>
internal sealed class ReplyReader(UploadStore uploads)
{
    /// <summary>Enough for the longest text the protocol carries and every attachment link.</summary>
    private const int MaxFieldBytes = 1024 * 1024;

    public async Task<ReplyRead> ReadAsync(HttpRequest request, Uri? publicUrl, CancellationToken cancellationToken)
    {
        // Unset (only allowed in Development), the files' URLs are on the address the operator reached the hub at.
        var publicBase = publicUrl ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(request, contentType, publicBase, cancellationToken);
        }

        if (!request.HasJsonContentType())
        {
            return Refused(StatusCodes.Status415UnsupportedMediaType, "Send the reply as JSON (application/json) or, with files, as multipart/form-data.");
        }

        var body = await JsonBody.ReadAsync<ReplyRequest>(request, MaxFieldBytes, cancellationToken);
        if (body.Value is not { } reply)
        {
            return body.Status == StatusCodes.Status400BadRequest
                ? new(null, ReplyOutcome.Invalid(new Dictionary<string, string[]> { ["body"] = [body.Problem!] }))
                : Refused(body.Status, body.Problem!);
        }

        return new(new ReplyDraft(reply.Text, reply.AuthorEmail, reply.Attachments ?? [], [], publicBase), null);
    }

    private async Task<ReplyRead> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue contentType, Uri publicBase, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return Refused(StatusCodes.Status400BadRequest, "The multipart body has no boundary in its Content-Type.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = (uploads.MaxFiles * uploads.MaxFileBytes) + MaxFieldBytes;
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = Math.Max(uploads.MaxFileBytes, MaxFieldBytes) + 1 };
        var files = new List<StagedUpload>();
        string? text = null;
        string? authorEmail = null;
        ReplyRead? refusal = null;
        try
        {
            while (refusal is null && await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null)
                {
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    var name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                    if (string.IsNullOrEmpty(name))
                    {
                        // A file input left empty.
                        continue;
                    }

                    if (files.Count == uploads.MaxFiles)
                    {
                        refusal = new(null, ReplyOutcome.Invalid(new Dictionary<string, string[]>
                        {
                            ["files"] = [$"A reply may carry at most {uploads.MaxFiles} files (Hub:Uploads:MaxFiles)."],
                        }));
                    }
                    else if (await uploads.StageAsync(section.Body, name, section.ContentType, cancellationToken) is { } staged)
                    {
                        files.Add(staged);
                    }
                    else
                    {
                        refusal = Refused(StatusCodes.Status413PayloadTooLarge, $"The file '{name}' is over {uploads.MaxFileBytes} bytes (Hub:Uploads:MaxFileBytes).");
                    }
                }
                else if (disposition.IsFormDisposition())
                {
                    var value = await section.ReadAsStringAsync(cancellationToken);
                    switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                    {
                        case "text":
                            text = value;
                            break;
                        case "authorEmail":
                            authorEmail = value;
                            break;
                    }
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            refusal = Refused(StatusCodes.Status413PayloadTooLarge, $"The body is over {uploads.MaxFiles} files of {uploads.MaxFileBytes} bytes (Hub:Uploads).");
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            refusal = Refused(StatusCodes.Status400BadRequest, "The multipart body is broken: " + exception.Message);
        }
        catch
        {
            uploads.Discard(files);
            throw;
        }

        if (refusal is { } refused)
        {
            uploads.Discard(files);
            return refused;
        }

        return new(new ReplyDraft(text, authorEmail, [], files, publicBase), null);
    }

    private static ReplyRead Refused(int status, string detail) => new(null, ReplyOutcome.Refused(status, "The reply cannot be read", detail));
}
