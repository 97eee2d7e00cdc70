using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Uploads;

namespace Webchat.Hub.Attachments;

/// <summary>Adds the hub's copies to a page of messages: each file's <c>mirroredUrl</c>, or that its copy failed.</summary>
internal static class MirroredFiles
{
    public static async Task<List<TaskMessage>> AddToAsync(HubDbContext db, List<TaskMessage> page, CancellationToken cancellationToken)
    {
        var ids = page.Where(m => m.Attachments.Count > 0).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return page;
        }

        var copies = (await db.AttachmentCopies.AsNoTracking()
                .Where(c => ids.Contains(c.MessageId) && (c.State == AttachmentCopyState.Copied || c.State == AttachmentCopyState.Failed))
                .Select(c => new { c.MessageId, c.Position, c.State, c.FileId })
                .ToListAsync(cancellationToken))
            .ToDictionary(c => (c.MessageId, c.Position));
        return
        [
            .. page.Select(m => m.Attachments.Count == 0 ? m : m with
            {
                Attachments =
                [
                    .. m.Attachments.Select((a, position) => copies.GetValueOrDefault((m.Id, position)) is not { } copy ? a
                        : copy.State == AttachmentCopyState.Copied && copy.FileId is { } fileId ? a with { MirroredUrl = UrlOf(fileId, a.Name) }
                        : a with { CopyFailed = true }),
                ],
            }),
        ];
    }

    /// <summary>The copy's address, a path on the hub: the console loads it from its own origin whatever the hub's public address.</summary>
    private static string UrlOf(string fileId, string name) =>
        $"{UploadEndpoints.Route}/{fileId}/{Uri.EscapeDataString(UploadStore.SafeName(name))}";
}
