using Microsoft.AspNetCore.Http.HttpResults;
using Webchat.Hub.Operators;

namespace Webchat.Hub.Uploads;

/// <summary>
/// <c>GET /files/{id}/{name}</c>: the files employees uploaded with replies, for providers to fetch.
/// No key is asked: the 128-bit random id in the path is the secret, as the protocol sends plain URLs.
/// </summary>
public static class UploadEndpoints
{
    public const string Route = "/files";

    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route + "/{id}/{name}", GetAsync)
            .WithName("GetUploadedFile")
            .WithTags("Files")
            .WithSummary("A file an employee uploaded with a reply, for the provider to fetch")
            .WithDescription("The link the provider was sent; no key: the random id in the path is the secret. Served with its content type, nosniff and a sandbox policy; ranges are supported.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithoutApiKey();
        return endpoints;
    }

    internal static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetAsync(
        string id,
        HttpResponse response,
        UploadStore uploads,
        CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(id, cancellationToken);
        var path = upload is null ? null : uploads.PathOf(upload.Id);
        if (upload is null || !File.Exists(path))
        {
            return TypedResults.Problem("There is no such file.", statusCode: StatusCodes.Status404NotFound, title: "No such file");
        }

        // Served as the uploader said it is, never sniffed as something else, and never run as a page of the hub.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.PhysicalFile(path, upload.ContentType, upload.Name, enableRangeProcessing: true);
    }
}
