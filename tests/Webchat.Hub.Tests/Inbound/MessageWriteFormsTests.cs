using System.Globalization;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Inbound;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>
/// A new message is written in two forms: on PostgreSQL one statement for the common cases (a plain
/// append to the chat's active task, or the first message of an unknown chat and contact), and the full
/// form for every case. Generated runs of messages (new and known chats and contacts, changed and
/// repeated details, echoes, titles, task fields, attachments, completed tasks) go to one hub as it
/// writes them (the statement where it applies) and to another through the full form only; the rows
/// both leave must be the same.
/// </summary>
public sealed class MessageWriteFormsTests
{
    private static readonly Gen<string?> Name = Gen.OneOf<string?>(null, "Ivan", "Пётр");

    private static readonly Gen<string?> Optional = Gen.Int[0, 7].Select(n => n switch { 0 => "a", 1 => "b", _ => (string?)null });

    private static readonly Gen<ContactDetails> Contact = Gen.Select(
        Gen.Int[0, 2], Name, Optional, Optional, Optional, Optional, Optional,
        (k, name, lastName, ico, email, phone, data) => new ContactDetails(
            $"k{k}", name, lastName, ico is null ? null : $"https://example.com/{ico}.png", email is null ? null : $"{email}@example.com", phone, data));

    /// <summary>One step: a message to chat c0–c2, or (-1) completing the current task of a chat.</summary>
    private static readonly Gen<Step> Steps = Gen.Frequency(
        (12, Gen.Select(
            Gen.Int[0, 2], Contact, Gen.String[Gen.Char["aбв \u00e9"], 0, 6], Optional, Gen.OneOf<string?>(null, "Order", " "),
            Gen.Int[0, 5].Select(n => n == 0), Gen.Int[0, 2], Gen.Int[0, 9].Select(n => n < 7 ? 0 : n < 8 ? 1 : 2),
            (chat, contact, text, channel, title, echo, files, fields) => new Step(chat, new NewMessageCommand(
                TestData.ProviderId, $"c{chat}", text, contact, channel, title,
                [.. Enumerable.Range(0, files).Select(i => new Attachment($"f{i}.jpg", $"https://files.example/{i}"))],
                echo, echo ? TestData.AgentEmail : null,
                fields switch { 0 => null, 1 => [new("utm_source", "ads")], _ => [new("unknown", "x")] })))),
        (1, Gen.Int[0, 2].Select(chat => new Step(chat, null))));

    [Fact]
    public async Task The_statement_and_the_full_form_leave_the_same_rows()
    {
        await using var statements = await HubHost.StartAsync(StoreKind.Postgres);
        await using var fullForms = await HubHost.StartAsync(StoreKind.Postgres);
        var run = 0;

        await Steps.List[1, 12].SampleAsync(async steps =>
        {
            // Each run has chats and contacts of its own: earlier runs' rows are left out of the comparison.
            var prefix = string.Create(CultureInfo.InvariantCulture, $"r{Interlocked.Increment(ref run)}-");
            foreach (var step in steps)
            {
                await ApplyAsync(statements, prefix, step, fullFormOnly: false);
                await ApplyAsync(fullForms, prefix, step, fullFormOnly: true);
            }

            Assert.Equal(await SnapshotAsync(fullForms, prefix), await SnapshotAsync(statements, prefix));
        }, iter: 40, threads: 1);
    }

    private static async Task ApplyAsync(HubHost hub, string prefix, Step step, bool fullFormOnly)
    {
        var chatId = prefix + "c" + step.Chat.ToString(CultureInfo.InvariantCulture);
        if (step.Message is not { } message)
        {
            await hub.ReadAsync<int>(db => db.Tasks
                .Where(t => db.Chats.Any(c => c.ExternalId == chatId && c.CurrentTaskId == t.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, ChatTaskStatus.Completed).SetProperty(t => t.CompletedAt, hub.Clock.GetUtcNow()), TestContext.Current.CancellationToken));
            return;
        }

        var command = message with { ChatId = chatId, Contact = message.Contact with { ContactId = prefix + message.Contact.ContactId } };
        var integration = hub.Services.GetRequiredService<IntegrationRegistry>().FindByToken(TestData.Token)!;
        var (statement, fullForm) = hub.Services.GetRequiredService<ProviderCommandHandler>().MessageWrite(integration, command);
        await hub.Services.GetRequiredService<StoreWriter>().WriteAsync(
            StoreWriter.ChatOrder(integration.Id, command.ChatId), fullFormOnly ? null : statement, fullForm, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The run's rows as text, without store ids: contacts and tasks by their rank among the run's
    /// numbers (earlier runs may have numbered differently only if they failed already).
    /// </summary>
    private static Task<List<string>> SnapshotAsync(HubHost hub, string prefix) => hub.ReadAsync<List<string>>(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var contacts = await db.Contacts.Where(c => EF.Functions.Like(c.ExternalId, prefix + "%")).OrderBy(c => c.Number).ToListAsync(ct);
        var chats = await db.Chats.Where(c => EF.Functions.Like(c.ExternalId, prefix + "%")).OrderBy(c => c.ExternalId).ToListAsync(ct);
        var chatIds = chats.Select(c => c.Id).ToList();
        var tasks = await db.Tasks.Include(t => t.Fields).Where(t => t.ChatId != null && chatIds.Contains(t.ChatId.Value)).OrderBy(t => t.Number).ToListAsync(ct);
        var taskIds = tasks.Select(t => t.Id).ToList();
        var messages = await db.Messages.AsSplitQuery().Where(m => taskIds.Contains(m.TaskId)).OrderBy(m => m.Id).ToListAsync(ct);

        var contactRank = contacts.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var taskRank = tasks.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var messageRank = messages.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var chatOf = chats.ToDictionary(c => c.Id, c => c.ExternalId);
        string Rank(Dictionary<long, int> ranks, long? id) => id is { } key ? ranks.TryGetValue(key, out var rank) ? rank.ToString(CultureInfo.InvariantCulture) : "?" : "-";

        return
        [
            .. contacts.Select(c => $"contact {contactRank[c.Id]} {c.ExternalId} {c.Name}|{c.LastName}|{c.Ico}|{c.Email}|{c.Phone}|{c.Data} {c.CreatedAt:O} {c.UpdatedAt:O}"),
            .. chats.Select(c => $"chat {c.ExternalId} {c.Channel} contact {Rank(contactRank, c.ContactId)} task {Rank(taskRank, c.CurrentTaskId)} {c.CreatedAt:O}"),
            .. tasks.Select(t => $"task {taskRank[t.Id]} {chatOf[t.ChatId!.Value]} contact {Rank(contactRank, t.ContactId)} {t.Name}|{t.Description}|{t.AdditionalDescription} "
                + $"{t.Status} {t.CreatedAt:O} {t.CompletedAt:O} last {Rank(messageRank, t.LastMessageId)} fields {string.Join(",", t.Fields.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Name + "=" + f.Value))}"),
            .. messages.Select(m => $"message {messageRank[m.Id]} task {taskRank[m.TaskId]} {m.Direction} {m.Text} contact {Rank(contactRank, m.AuthorContactId)} employee {m.AuthorEmployeeId} "
                + $"{m.CreatedAt:O} {m.Status} files {string.Join(",", m.Attachments.OrderBy(a => a.Position).Select(a => a.Position + ":" + a.Name + "@" + a.Url))}"),
        ];
    });

    /// <summary>A message to chat <see cref="Chat"/>, or its current task completed when <see cref="Message"/> is null.</summary>
    private sealed record Step(int Chat, NewMessageCommand? Message)
    {
        public override string ToString() => Message is not { } m ? $"complete c{Chat}"
            : $"c{Chat}: '{m.Message}' {m.Contact} channel={m.Channel} title='{m.Title}' echo={m.IsEcho} files={m.Attachments.Count} "
              + $"data={string.Join(",", m.TaskData.Select(f => f.Key + "=" + f.Value))}";
    }
}
