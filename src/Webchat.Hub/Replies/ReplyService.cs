using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;
using Webchat.Hub.Delivery;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Uploads;
using Webchat.Protocol;

namespace Webchat.Hub.Replies;

/// <summary>
/// Stores employees' replies: the message and its delivery in one write, so an acknowledged reply is
/// always on its way; the write's committed hook wakes the delivery worker, so no caller can forget it
/// and it happens even when the request was aborted while the write waited.
/// </summary>
internal sealed class ReplyService(
    StoreWriter writes,
    IDbContextFactory<HubDbContext> contexts,
    KeptReads reads,
    IntegrationRegistry registry,
    ReplyReader reader,
    UploadStore uploads,
    DeliverySignal signal,
    IOptions<HubOptions> hub,
    HubEvents events,
    TimeProvider time)
{
    /// <summary>A reply in task <paramref name="number"/>, to its chat (or, while the task has none yet, as its first message).</summary>
    public Task<ReplyOutcome> ReplyToTaskAsync(long number, HttpRequest request, CancellationToken cancellationToken) =>
        ReplyToTaskAsync(number, request, signedIn: null, cancellationToken);

    /// <summary>
    /// The same, written by <paramref name="signedIn"/> when the console's signed-in employee writes: the
    /// body's authorEmail is not read then.
    /// </summary>
    public async Task<ReplyOutcome> ReplyToTaskAsync(long number, HttpRequest request, Employee? signedIn, CancellationToken cancellationToken)
    {
        // Refusals that need no body come before any file is read.
        if (await ReplySql.TaskIntegrationAsync(reads, number, cancellationToken) is not { } integrationId)
        {
            return ReplyOutcome.Refused(StatusCodes.Status404NotFound, "No such task", $"There is no task #{number}.");
        }

        if (Undeliverable(integrationId, out _) is { } refused)
        {
            return refused;
        }

        return await AcceptAsync(request, signedIn, (draft, ct) =>
        {
            // Text only, the common case, goes without change tracking (and on PostgreSQL in the batch's one round trip).
            var textOnly = draft.Links.Count == 0 && draft.Files.Count == 0;
            var employeeId = registry.FindEmployee(draft.AuthorEmail)!.Id;
            return writes.WriteAsync(StoreWriter.TaskOrder(number), textOnly ? ReplySql.Statement(number, draft.Text ?? string.Empty, employeeId, time) : null, async (db, ct) =>
            {
                if (textOnly && ReplySql.Insert(db, number, draft.Text ?? string.Empty, employeeId, time.GetUtcNow()) is { } accepted)
                {
                    return ReplyOutcome.Done(accepted);
                }

                var task = await db.Tasks.SingleAsync(t => t.Number == number, ct);
                return await AddReplyAsync(db, task, draft, ct);
            }, Committed, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// The first message to a contact that has a phone and no chat: opens a task for the contact, which
    /// the provider's answer links to the chat it opens.
    /// </summary>
    public Task<ReplyOutcome> WriteToContactAsync(long number, HttpRequest request, CancellationToken cancellationToken) =>
        WriteToContactAsync(number, request, signedIn: null, cancellationToken);

    /// <summary>The same, written by the console's signed-in employee <paramref name="signedIn"/>.</summary>
    public async Task<ReplyOutcome> WriteToContactAsync(long number, HttpRequest request, Employee? signedIn, CancellationToken cancellationToken)
    {
        long contactId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var contact = await db.Contacts.AsNoTracking().Where(c => c.Number == number).Select(c => new { c.Id, c.IntegrationId, c.Phone }).SingleOrDefaultAsync(cancellationToken);
            if (contact is null)
            {
                return ReplyOutcome.Refused(StatusCodes.Status404NotFound, "No such contact", $"There is no contact #{number}.");
            }

            if (Undeliverable(contact.IntegrationId, out var integration) is { } refused)
            {
                return refused;
            }

            if (!integration!.Settings.WriteButtonForContactsWithPhone)
            {
                return ReplyOutcome.Refused(StatusCodes.Status409Conflict, "Writing first is off for this integration",
                    $"{SettingOf(integration, nameof(IntegrationOptions.WriteButtonForContactsWithPhone))} is off for integration '{integration.ProviderId}': turn it on to let employees write first to contacts with a phone.");
            }

            if (string.IsNullOrWhiteSpace(contact.Phone))
            {
                return ReplyOutcome.Refused(StatusCodes.Status409Conflict, "The contact has no phone", $"A first message goes to the contact's phone, and contact #{number} has none.");
            }

            if (await ConversationOfAsync(db, contact.Id, cancellationToken) is { } busy)
            {
                return busy;
            }

            contactId = contact.Id;
        }

        return await AcceptAsync(request, signedIn, (draft, ct) => writes.WriteAsync(async (db, ct) =>
        {
            // Checked again in the write: another employee may have written first meanwhile.
            if (await ConversationOfAsync(db, contactId, ct) is { } busy)
            {
                return busy;
            }

            var contact = await db.Contacts.SingleAsync(c => c.Id == contactId, ct);
            var task = new ChatTask
            {
                Number = db.TakeNumber(Counter.TaskNumbers),
                IntegrationId = contact.IntegrationId,
                ContactId = contact.Id,
                Name = Inbound.IngestSql.TaskName(title: null, contact.FullName),
                Status = ChatTaskStatus.Active,
                CreatedAt = time.GetUtcNow(),
            };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(ct);
            return await AddReplyAsync(db, task, draft, ct);
        }, Committed, ct), cancellationToken);
    }

    /// <summary>Reads and checks the reply, stores it with <paramref name="write"/>, and keeps its files only if it was stored.</summary>
    private async Task<ReplyOutcome> AcceptAsync(HttpRequest request, Employee? signedIn, Func<ReplyDraft, CancellationToken, Task<ReplyOutcome>> write, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(request, hub.Value.PublicUrl, cancellationToken);
        if (read.Draft is not { } draft)
        {
            return read.Refusal!;
        }

        if (signedIn is not null)
        {
            draft = draft with { AuthorEmail = signedIn.Email };
        }

        var stored = false;
        try
        {
            var errors = ReplyRules.Validate(draft, signedIn is not null, hub.Value, registry);
            if (errors.Count > 0)
            {
                return ReplyOutcome.Invalid(errors);
            }

            var outcome = await write(draft, cancellationToken);
            stored = outcome.Accepted is not null;
            return outcome;
        }
        catch (StoreUnavailableException exception) when (exception.MayHaveCommitted)
        {
            // The commit broke off and may have gone through: the files stay, or a stored reply would link
            // to nothing. If it did not go through, the next start sweeps them.
            stored = true;
            return ReplyOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "The store lost the connection while committing the reply: look in the task before sending it again.");
        }
        catch (StoreUnavailableException)
        {
            return ReplyOutcome.Refused(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "The store could not take the reply; nothing was stored. Send it again.");
        }
        catch (StoreRejectedException exception)
        {
            return ReplyOutcome.Refused(StatusCodes.Status400BadRequest, "The store refused the reply", exception.Message);
        }
        finally
        {
            if (!stored)
            {
                uploads.Discard(draft.Files);
            }
        }
    }

    /// <summary>Run by the writer once a reply's write committed: the delivery worker looks at once, and open pages show the reply.</summary>
    private void Committed(ReplyOutcome outcome)
    {
        if (outcome.Accepted is { } accepted)
        {
            signal.Notify();
            events.Publish(new HubEvent(HubEventKind.MessageAdded, accepted.TaskNumber, accepted.MessageId));
        }
    }

    private async Task<ReplyOutcome> AddReplyAsync(HubDbContext db, ChatTask task, ReplyDraft draft, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.Uploads.AddRange(draft.Files.Select(f => f.ToUpload(now)));
        var message = new Message
        {
            TaskId = task.Id,
            Direction = MessageDirection.ToContact,
            Text = draft.Text ?? string.Empty,
            AuthorEmployeeId = registry.FindEmployee(draft.AuthorEmail)!.Id,
            CreatedAt = now,
            Status = DeliveryStatus.Pending,
            Attachments = [.. draft.Attachments.Select((a, i) => new MessageAttachment { Position = i, Name = a.Name, Url = a.Url })],
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        var delivery = Outbox.Enqueue(db, message, task, now);
        await db.SaveChangesAsync(cancellationToken);
        return ReplyOutcome.Done(new ReplyAccepted(message.Id, task.Number, delivery.Id));
    }

    /// <summary>Why replies to the integration cannot be delivered, or null when they can.</summary>
    private ReplyOutcome? Undeliverable(int integrationId, out ConnectedIntegration? integration)
    {
        integration = registry.FindById(integrationId);
        if (integration is null)
        {
            return ReplyOutcome.Refused(StatusCodes.Status409Conflict, "The integration is not configured", "The integration of this conversation is no longer in Hub:Integrations, so nothing can be sent to it.");
        }

        return integration.Settings.ProviderUrl is null
            ? ReplyOutcome.Refused(StatusCodes.Status409Conflict, "The integration has no provider URL",
                $"{SettingOf(integration, nameof(IntegrationOptions.ProviderUrl))} is not set for integration '{integration.ProviderId}', so replies cannot be delivered: set it to the provider's URL.")
            : null;
    }

    /// <summary>Refuses a first message to a contact that already has a chat, or whose first message is already on its way.</summary>
    private static async Task<ReplyOutcome?> ConversationOfAsync(HubDbContext db, long contactId, CancellationToken cancellationToken)
    {
        var chatTask = await db.Chats
            .Where(c => c.ContactId == contactId)
            .OrderByDescending(c => c.Id)
            .Select(c => new { Number = db.Tasks.Where(t => t.Id == c.CurrentTaskId).Select(t => (long?)t.Number).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        if (chatTask is not null)
        {
            return ReplyOutcome.Refused(StatusCodes.Status409Conflict, "The contact already has a chat",
                chatTask.Number is { } number
                    ? $"Reply in its task #{number} with POST /api/tasks/{number}/messages."
                    : "Reply in the chat's task with POST /api/tasks/{number}/messages.");
        }

        var pending = await db.Tasks
            .Where(t => t.ContactId == contactId && t.ChatId == null && t.Status == ChatTaskStatus.Active)
            .Select(t => (long?)t.Number)
            .FirstOrDefaultAsync(cancellationToken);
        return pending is { } task
            ? ReplyOutcome.Refused(StatusCodes.Status409Conflict, "A first message to this contact is on its way",
                $"It is in task #{task}; add to it with POST /api/tasks/{task}/messages.")
            : null;
    }

    private string SettingOf(ConnectedIntegration integration, string setting) =>
        $"Hub:Integrations:{hub.Value.Integrations.FindIndex(i => i.ProviderId == integration.ProviderId)}:{setting}";
}
