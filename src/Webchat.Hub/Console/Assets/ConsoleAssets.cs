using System.Security.Cryptography;

namespace Webchat.Hub.Console.Assets;

/// <summary>
/// The console's stylesheet and script, embedded in the hub and served from memory under a
/// content hash, so a page always loads the ones it was rendered with and browsers cache them for good.
/// </summary>
public static class ConsoleAssets
{
    private static readonly Lazy<Asset> Style = new(() => Load("console.css", "text/css; charset=utf-8"));
    private static readonly Lazy<Asset> Script = new(() => Load("console.js", "text/javascript; charset=utf-8"));
    private static readonly Lazy<Asset> AlertScript = new(() => Load("alerts.js", "text/javascript; charset=utf-8"));

    public static string StyleUrl => Style.Value.Url;

    public static string ScriptUrl => Script.Value.Url;

    /// <summary>Browser notifications, their sound and the unread count in the tab's title.</summary>
    public static string AlertScriptUrl => AlertScript.Value.Url;

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/console/{hash}/{name}", (string hash, string name, HttpResponse response) =>
            {
                var asset = name switch
                {
                    "console.css" => Style.Value,
                    "console.js" => Script.Value,
                    "alerts.js" => AlertScript.Value,
                    _ => null,
                };
                if (asset is null || asset.Hash != hash)
                {
                    return Results.NotFound();
                }

                response.Headers.CacheControl = "public, max-age=31536000, immutable";
                return Results.Bytes(asset.Content, asset.ContentType);
            })
            .ExcludeFromDescription();
        return endpoints;
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("Console." + name)
            ?? throw new InvalidOperationException($"The console's {name} is not embedded in the hub.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        return new Asset(content, contentType, hash, $"/console/{hash}/{name}");
    }

    private sealed record Asset(byte[] Content, string ContentType, string Hash, string Url);
}
