using System.Buffers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Uploads;

/// <summary>A file written to the uploads folder whose row is not committed yet: it is served only once it is.</summary>
internal sealed record StagedUpload(string Id, string Name, string ContentType, long Length)
{
    public Upload ToUpload(DateTimeOffset now) => new() { Id = Id, Name = Name, ContentType = ContentType, Length = Length, CreatedAt = now };
}

/// <summary>
/// Keeps uploaded files on disk under unguessable ids. A file is written and synced before the write
/// that stores its reply, so an acknowledged reply never points at a missing file.
/// </summary>
internal sealed partial class UploadStore(
    IOptions<UploadOptions> options,
    IDbContextFactory<HubDbContext> contexts,
    ILogger<UploadStore> logger)
{
    private const int MaxNameLength = 255;

    public long MaxFileBytes => options.Value.MaxFileBytes;

    public int MaxFiles => options.Value.MaxFiles;

    public string PathOf(string id) => Path.Combine(options.Value.FullFolder, id);

    /// <summary>The URL a provider fetches the file at, under the hub's public address.</summary>
    public static string UrlOf(Uri publicBase, StagedUpload upload)
    {
        ArgumentNullException.ThrowIfNull(publicBase);
        ArgumentNullException.ThrowIfNull(upload);
        return $"{publicBase.AbsoluteUri.TrimEnd('/')}{UploadEndpoints.Route}/{upload.Id}/{Uri.EscapeDataString(upload.Name)}";
    }

    /// <summary>
    /// Copies <paramref name="content"/> into the folder. Null when it is over <see cref="UploadOptions.MaxFileBytes"/>:
    /// nothing of it is kept.
    /// </summary>
    public Task<StagedUpload?> StageAsync(Stream content, string? name, string? contentType, CancellationToken cancellationToken) =>
        StageAsync(content, name, contentType, options.Value.MaxFileBytes, cancellationToken);

    /// <summary>As above, with a limit of its own: the copies of providers' files (Attachments/) have theirs.</summary>
    public async Task<StagedUpload?> StageAsync(Stream content, string? name, string? contentType, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = options.Value.FullFolder;
        Directory.CreateDirectory(folder);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(folder, id);
        var partial = path + ".part";
        var buffer = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            long length = 0;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        return null;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // On disk, not in a cache: the reply that points at it is about to be acknowledged.
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, path);
            return new StagedUpload(id, SafeName(name), SafeContentType(contentType), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            File.Delete(partial);
        }
    }

    /// <summary>Removes staged files whose reply was not stored.</summary>
    public void Discard(IEnumerable<StagedUpload> uploads)
    {
        foreach (var upload in uploads)
        {
            try
            {
                File.Delete(PathOf(upload.Id));
            }
            catch (IOException exception)
            {
                LogDiscardFailed(logger, upload.Id, exception);
            }
        }
    }

    /// <summary>
    /// Removes what a crash left in the folder: partial files, and files whose reply was never stored,
    /// last written before <paramref name="before"/> (a reply being written now by another hub on the
    /// same folder keeps its files). Returns how many were removed.
    /// </summary>
    public async Task<int> SweepAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var folder = new DirectoryInfo(options.Value.FullFolder);
        if (!folder.Exists)
        {
            return 0;
        }

        var removed = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // In chunks: a folder may hold many files, and a query may name only so many.
        foreach (var chunk in folder.EnumerateFiles().Where(f => f.LastWriteTimeUtc < before.UtcDateTime).Chunk(500))
        {
            var ids = chunk.Select(f => f.Name).Where(IsId).ToList();
            var stored = await db.Uploads.Where(u => ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
            foreach (var file in chunk.Where(f => !stored.Contains(f.Name, StringComparer.Ordinal) && (IsId(f.Name) || f.Name.EndsWith(".part", StringComparison.Ordinal))))
            {
                try
                {
                    file.Delete();
                    removed++;
                }
                catch (IOException exception)
                {
                    LogDiscardFailed(logger, file.Name, exception);
                }
            }
        }

        return removed;
    }

    /// <summary>A stored upload, or null when <paramref name="id"/> is none (or its reply was never stored).</summary>
    public async Task<Upload?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    private static bool IsId(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    /// <summary>The content type the uploader gave, kept as is when it is one.</summary>
    private static string SafeContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && contentType!.Length <= MaxNameLength && parsed.MediaType.HasValue
            ? contentType
            : "application/octet-stream";

    /// <summary>The file's own name, without any folder a browser put before it, never empty.</summary>
    internal static string SafeName(string? name)
    {
        var bare = name is null ? string.Empty : name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new string([.. bare.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? "file" : clean.Length > MaxNameLength ? clean[..MaxNameLength] : clean;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The unused upload {Id} could not be removed")]
    private static partial void LogDiscardFailed(ILogger logger, string id, Exception exception);
}
