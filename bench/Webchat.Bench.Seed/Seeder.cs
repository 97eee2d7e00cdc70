using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Webchat.Hub.Contacts;
using Webchat.Hub.Delivery;
using Webchat.Hub.Integrations;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;

namespace Webchat.Bench.Seed;

/// <summary>
/// Seeds with one <c>INSERT … SELECT</c> over a generated series per table, all in one transaction:
/// the database makes the rows itself, so a million messages take seconds, not the minutes that
/// row-by-row inserts from the client would. Columns are read from the hub's model: a column this
/// seeder does not know (one a later migration added) gets its database default, NULL, or the zero
/// of its type, so the seeder keeps working as the schema grows.
/// </summary>
internal sealed class Seeder(HubDbContext db, SeedOptions options, TimeProvider time)
{
    private const string Row = "i";

    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();
    private readonly IRelationalModel _tables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
    private readonly DateTimeOffset _now = time.GetUtcNow();

    /// <summary>The values of the statement being built; <see cref="Value(object)"/> adds to it, each statement's run clears it.</summary>
    private readonly List<object> _parameters = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await db.Database.EnsureDeletedAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        if (!options.IsPostgres)
        {
            // A seeded store is rebuilt, never recovered: no journal of new pages, no fsync while filling it.
            // The hub switches the file to WAL on its first connection.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF;", cancellationToken);
        }

        var integration = new Integration { ProviderId = options.ProviderId };
        db.Integrations.Add(integration);
        db.Counters.Add(new Counter { Name = Counter.ContactNumbers, Next = options.Chats + 1 });
        db.Counters.Add(new Counter { Name = Counter.TaskNumbers, Next = options.Chats + 1 });
        await db.SaveChangesAsync(cancellationToken);

        var chats = options.Chats;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await InsertAsync<Contact>(chats, new()
            {
                [nameof(Contact.Id)] = Row,
                [nameof(Contact.Number)] = Row,
                [nameof(Contact.IntegrationId)] = Value(integration.Id),
                [nameof(Contact.ExternalId)] = $"{Value(options.Prefix + "contact-")} || {Row}",
                [nameof(Contact.Name)] = Value("Seeded"),
                [nameof(Contact.LastName)] = $"{Value("Contact ")} || {Row}",
            }, cancellationToken);

            // Chats and tasks point at each other: chats first without their task, then the tasks, then the link.
            await InsertAsync<Chat>(chats, new()
            {
                [nameof(Chat.Id)] = Row,
                [nameof(Chat.IntegrationId)] = Value(integration.Id),
                [nameof(Chat.ExternalId)] = $"{Value(options.Prefix + "chat-")} || {Row}",
                [nameof(Chat.ContactId)] = Row,
            }, cancellationToken);

            await InsertAsync<ChatTask>(chats, new()
            {
                [nameof(ChatTask.Id)] = Row,
                [nameof(ChatTask.Number)] = Row,
                [nameof(ChatTask.IntegrationId)] = Value(integration.Id),
                [nameof(ChatTask.ChatId)] = Row,
                [nameof(ChatTask.ContactId)] = Row,
                [nameof(ChatTask.Name)] = $"{Value("Chat with Seeded Contact ")} || {Row}",
                [nameof(ChatTask.Status)] = Value(ChatTaskStatus.Active, typeof(ChatTask), nameof(ChatTask.Status)),
            }, cancellationToken);

            await db.Chats.ExecuteUpdateAsync(set => set.SetProperty(c => c.CurrentTaskId, c => c.Id), cancellationToken);

            var chatOfMessage = $"(({Row} - 1) % {Value(chats)} + 1)";
            await InsertAsync<Message>(options.Messages, new()
            {
                [nameof(Message.Id)] = Row,
                [nameof(Message.TaskId)] = chatOfMessage,
                [nameof(Message.Direction)] = Value(MessageDirection.FromContact, typeof(Message), nameof(Message.Direction)),
                [nameof(Message.Text)] = $"{Value("Seeded message number ")} || {Row}",
                [nameof(Message.AuthorContactId)] = chatOfMessage,
            }, cancellationToken);

            // A delivery log of one tenth as many sent replies, so its page is measured on a long log; they
            // point at the seeded messages (the log's page reads a delivery's message for its task).
            await InsertAsync<MessageDelivery>(options.Messages / 10, new()
            {
                [nameof(MessageDelivery.Id)] = Row,
                [nameof(MessageDelivery.MessageId)] = Row,
                [nameof(MessageDelivery.IntegrationId)] = Value(integration.Id),
                [nameof(MessageDelivery.Lane)] = $"{Value("chat:")} || {chatOfMessage}",
                [nameof(MessageDelivery.State)] = Value(DeliveryState.Delivered, typeof(MessageDelivery), nameof(MessageDelivery.State)),
                [nameof(MessageDelivery.AttemptCount)] = Value(1),
            }, cancellationToken);

            if (options.IsPostgres)
            {
                // Ids were given explicitly: move each identity past them, as the hub's inserts rely on it.
                foreach (var table in new[] { typeof(Contact), typeof(Chat), typeof(ChatTask), typeof(Message), typeof(MessageDelivery) })
                {
                    var name = _sql.DelimitIdentifier(Table(table).Name);
                    var restart = $"SELECT setval(pg_get_serial_sequence('{name}', 'Id'), (SELECT coalesce(max({_sql.DelimitIdentifier("Id")}), 0) + 1 FROM {name}), false)";
                    await db.Database.ExecuteSqlRawAsync(restart, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (options.IsPostgres)
        {
            // A live store is vacuumed and analysed by autovacuum soon after a bulk load, and its pages
            // written out by a checkpoint; do both now so no measurement races them (a 1M-message load
            // left autovacuum and the checkpoint busy on the shared cores through the first pages
            // measured). The hub never runs ANALYZE on SQLite, so neither does this.
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("CHECKPOINT", cancellationToken);
        }
        else
        {
            // Hand the file over in WAL, as the hub keeps it: the hub's first connection (EF Core's
            // read-only existence check) cannot switch a file to WAL and fails on one that is not.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>A parameter placeholder for a value, already in the store's own representation.</summary>
    private string Value(object value)
    {
        _parameters.Add(value);
        return $"{{{_parameters.Count - 1}}}";
    }

    /// <summary>A parameter for a value of a mapped property, converted the way EF Core stores it (enums as numbers, times per store).</summary>
    private string Value(object value, Type entity, string property)
    {
        var mapping = Table(entity).Columns.Single(c => c.PropertyMappings.Any(m => m.Property.Name == property)).PropertyMappings[0].TypeMapping;
        return Value(mapping.Converter?.ConvertToProvider(value) ?? value);
    }

    private ITable Table(Type entity) =>
        _tables.Tables.Single(t => t.EntityTypeMappings.Any(m => m.TypeBase.ClrType == entity));

    /// <summary>
    /// Inserts <paramref name="rows"/> rows, row <c>i</c> (1-based) made of <paramref name="expressions"/>
    /// keyed by property name, each other column defaulted.
    /// </summary>
    private async Task InsertAsync<TEntity>(long rows, Dictionary<string, string> expressions, CancellationToken cancellationToken)
    {
        var table = Table(typeof(TEntity));
        var columns = new List<string>();
        var values = new List<string>();
        foreach (var column in table.Columns)
        {
            var property = column.PropertyMappings[0].Property;
            string value;
            if (expressions.TryGetValue(property.Name, out var expression))
            {
                value = expression;
            }
            else if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
            {
                value = column.IsNullable ? "NULL" : Value(_now, typeof(TEntity), property.Name);
            }
            else if (column.DefaultValueSql is not null || column.DefaultValue is not null)
            {
                continue;
            }
            else if (column.IsNullable)
            {
                value = "NULL";
            }
            else
            {
                var zero = property.ClrType == typeof(string) ? string.Empty : Activator.CreateInstance(property.ClrType)!;
                value = Value(zero, typeof(TEntity), property.Name);
            }

            columns.Add(_sql.DelimitIdentifier(column.Name));
            values.Add(value);
        }

        var into = $"INSERT INTO {_sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)}";
        var count = Value(rows);
        var sql = options.IsPostgres
            ? $"{into} FROM generate_series(1::bigint, {count}) AS n({Row})"
            : $"WITH RECURSIVE n({Row}) AS (SELECT 1 UNION ALL SELECT {Row} + 1 FROM n WHERE {Row} < {count}) {into} FROM n";
        await db.Database.ExecuteSqlRawAsync(sql, _parameters, cancellationToken);
        _parameters.Clear();
    }
}
