using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Console.Work;

/// <summary>A saved answer as the console and the API show it.</summary>
public sealed record QuickReplyView(int Id, string Title, string Text);

/// <summary>A quick reply to create or change.</summary>
public sealed record QuickReplyRequest(string? Title, string? Text);

/// <summary>The saved answers everyone shares: read by every employee, changed by administrators.</summary>
internal sealed class QuickReplies(StoreWriter writes, IDbContextFactory<HubDbContext> contexts)
{
    /// <summary>No more than this many are kept: the control that lists them stays usable.</summary>
    public const int MaxCount = 500;

    public async Task<IReadOnlyList<QuickReplyView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.QuickReplies.AsNoTracking()
            .OrderBy(r => r.Title).ThenBy(r => r.Id)
            .Take(MaxCount)
            .Select(r => new QuickReplyView(r.Id, r.Title, r.Text))
            .ToListAsync(cancellationToken);
    }

    /// <summary>What is wrong with <paramref name="request"/>, by field; empty when nothing.</summary>
    public static Dictionary<string, string[]> Validate(QuickReplyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Trim().Length > QuickReply.MaxTitleLength)
        {
            errors["title"] = [$"A title of 1 to {QuickReply.MaxTitleLength} characters is required."];
        }

        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > QuickReply.MaxTextLength)
        {
            errors["text"] = [$"A text of 1 to {QuickReply.MaxTextLength} characters is required."];
        }

        return errors;
    }

    /// <summary>Saves a valid request as a new quick reply (<paramref name="id"/> null) or over an existing one; null when there is no such one, or too many.</summary>
    public Task<QuickReplyView?> SaveAsync(int? id, QuickReplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var title = request.Title!.Trim();
        var text = request.Text!;
        return writes.WriteAsync(async (db, ct) =>
        {
            QuickReply? reply;
            if (id is null)
            {
                if (await db.QuickReplies.CountAsync(ct) >= MaxCount)
                {
                    return null;
                }

                reply = new QuickReply { Title = title, Text = text };
                db.QuickReplies.Add(reply);
            }
            else
            {
                reply = await db.QuickReplies.SingleOrDefaultAsync(r => r.Id == id, ct);
                if (reply is null)
                {
                    return null;
                }

                reply.Title = title;
                reply.Text = text;
            }

            await db.SaveChangesAsync(ct);
            return new QuickReplyView(reply.Id, reply.Title, reply.Text);
        }, cancellationToken);
    }

    /// <summary>Deletes a quick reply; false when there was none.</summary>
    public Task<bool> DeleteAsync(int id, CancellationToken cancellationToken) => writes.WriteAsync(
        async (db, ct) => await db.QuickReplies.Where(r => r.Id == id).ExecuteDeleteAsync(ct) > 0,
        cancellationToken);
}
