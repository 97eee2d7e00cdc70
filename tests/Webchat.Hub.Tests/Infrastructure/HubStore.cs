using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Contacts;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// Reads and changes the running hub's store directly, through the hub's own context factory: what a
/// test checks was really stored, and what it sets up without another feature (a completed task, a sent message).
/// </summary>
public static class HubStore
{
    /// <summary>A context on <paramref name="store"/> with no hub at all: for reading what a hub that is gone left behind.</summary>
    public static HubDbContext OpenContext(this TestStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Kind == StoreKind.Sqlite
            ? new SqliteHubDbContext(new DbContextOptionsBuilder<SqliteHubDbContext>().UseSqlite(store.ConnectionString).Options)
            : new PostgresHubDbContext(new DbContextOptionsBuilder<PostgresHubDbContext>().UseNpgsql(store.ConnectionString).Options);
    }

    public static async Task<T> ReadAsync<T>(this HubHost hub, Func<HubDbContext, Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(read);
        await using var db = await hub.Services.GetRequiredService<IDbContextFactory<HubDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await read(db);
    }

    /// <summary>Runs <paramref name="change"/> and saves it, beside the hub's own writer, as another program on the same database would.</summary>
    public static async Task<T> ChangeAsync<T>(this HubHost hub, Func<HubDbContext, Task<T>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await hub.ReadAsync(async db =>
        {
            var result = await change(db);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return result;
        });
    }

    public static Task<ChatTask> TaskAsync(this HubHost hub, long number) =>
        hub.ReadAsync(db => db.Tasks.SingleAsync(t => t.Number == number, TestContext.Current.CancellationToken));

    public static Task<List<ChatTask>> TasksAsync(this HubHost hub) =>
        hub.ReadAsync(db => db.Tasks.OrderBy(t => t.Number).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>The messages of task <paramref name="number"/> in arrival order, attachments in their order.</summary>
    public static Task<List<Message>> MessagesAsync(this HubHost hub, long number) => hub.ReadAsync(async db =>
    {
        var messages = await db.Messages
            .AsSplitQuery()
            .Where(m => db.Tasks.Any(t => t.Id == m.TaskId && t.Number == number))
            .OrderBy(m => m.Id)
            .ToListAsync(TestContext.Current.CancellationToken);
        foreach (var message in messages)
        {
            message.Attachments.Sort((a, b) => a.Position.CompareTo(b.Position));
        }

        return messages;
    });

    public static Task<List<Message>> AllMessagesAsync(this HubHost hub) =>
        hub.ReadAsync(db => db.Messages.AsSplitQuery().OrderBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>The contact the provider <paramref name="providerId"/> calls <paramref name="contactId"/>.</summary>
    public static Task<Contact> ContactAsync(this HubHost hub, string contactId, string providerId = TestData.ProviderId) =>
        hub.ReadAsync(db => db.Contacts
            .Where(c => c.ExternalId == contactId && db.Integrations.Any(i => i.Id == c.IntegrationId && i.ProviderId == providerId))
            .SingleAsync(TestContext.Current.CancellationToken));

    public static Task<List<Contact>> ContactsAsync(this HubHost hub) =>
        hub.ReadAsync(db => db.Contacts.OrderBy(c => c.Number).ToListAsync(TestContext.Current.CancellationToken));

    public static Task<Chat> ChatAsync(this HubHost hub, string chatId, string providerId = TestData.ProviderId) =>
        hub.ReadAsync(db => db.Chats
            .Where(c => c.ExternalId == chatId && db.Integrations.Any(i => i.Id == c.IntegrationId && i.ProviderId == providerId))
            .SingleAsync(TestContext.Current.CancellationToken));

    public static Task<int> EmployeeIdAsync(this HubHost hub, string email) =>
        hub.ReadAsync(db => db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync(TestContext.Current.CancellationToken));

    /// <summary>Completes task <paramref name="number"/>, as an employee closing it would.</summary>
    public static Task CompleteTaskAsync(this HubHost hub, long number) => hub.ChangeAsync(async db =>
    {
        var task = await db.Tasks.SingleAsync(t => t.Number == number, TestContext.Current.CancellationToken);
        task.Status = ChatTaskStatus.Completed;
        task.CompletedAt = hub.Clock.GetUtcNow();
        return task.Id;
    });

    /// <summary>
    /// Adds the owner's answer to task <paramref name="number"/> as the hub keeps one it sends: not delivered
    /// yet, or, with <see cref="DeliveryStatus.Sent"/>, delivered now. Returns its id: the <c>messageId</c> a
    /// provider reports on.
    /// </summary>
    public static Task<long> AddSentMessageAsync(this HubHost hub, long number, string text = "An answer from the hub", DeliveryStatus status = DeliveryStatus.Pending) => hub.ChangeAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var now = hub.Clock.GetUtcNow();
        var message = new Message
        {
            TaskId = await db.Tasks.Where(t => t.Number == number).Select(t => t.Id).SingleAsync(ct),
            Direction = MessageDirection.ToContact,
            Text = text,
            AuthorEmployeeId = await db.Employees.Where(e => e.Email == TestData.OwnerEmail).Select(e => e.Id).SingleAsync(ct),
            CreatedAt = now,
            Status = status,
            StatusEvents = status == DeliveryStatus.Pending ? [] : [new MessageStatusEvent { At = now, Status = status, Source = StatusSource.Delivery }],
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync(ct);
        return message.Id;
    });

    public static Task<Message> MessageAsync(this HubHost hub, long id) =>
        hub.ReadAsync(db => db.Messages.AsSplitQuery().SingleAsync(m => m.Id == id, TestContext.Current.CancellationToken));
}
