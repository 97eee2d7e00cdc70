using System.Data.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Storage;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Contacts;
using Webchat.Hub.Delivery;
using Webchat.Hub.Integrations;
using Webchat.Hub.Messages;
using Webchat.Hub.Tasks;
using Webchat.Hub.Uploads;

namespace Webchat.Hub.Storage;

/// <summary>The hub's data, the console's accounts (ASP.NET Core Identity) included. Each store has a subclass that owns its migrations.</summary>
public abstract class HubDbContext(DbContextOptions options) : IdentityDbContext<ConsoleUser>(options), IDataProtectionKeyContext
{
    private const string TakeNumberSql = """
        UPDATE "Counters" SET "Next" = "Next" + 1 WHERE "Name" = @name RETURNING "Next" - 1
        """;

    /// <summary>Every counter row, locked in one order: see <see cref="TakeNumber"/>.</summary>
    private const string LockCountersSql = """
        SELECT "Name" FROM "Counters" ORDER BY "Name" FOR UPDATE
        """;

    /// <summary>Hot-path commands of this context's connection, prepared once and reused while it lives.</summary>
    private Dictionary<string, DbCommand>? _commands;

    /// <summary>The transaction that holds the counter rows' locks (PostgreSQL).</summary>
    private object? _countersLockedBy;

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<Employee> Employees => Set<Employee>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<Chat> Chats => Set<Chat>();

    public DbSet<ChatTask> Tasks => Set<ChatTask>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Counter> Counters => Set<Counter>();

    public DbSet<MessageDelivery> Deliveries => Set<MessageDelivery>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<Upload> Uploads => Set<Upload>();

    public DbSet<TaskAssignment> TaskAssignments => Set<TaskAssignment>();

    public DbSet<TaskRead> TaskReads => Set<TaskRead>();

    public DbSet<QuickReply> QuickReplies => Set<QuickReply>();

    /// <summary>The data-protection key ring (cookies, antiforgery, reset links), shared by every hub on the store.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Labels.TaskLabel> TaskLabels => Set<Labels.TaskLabel>();

    public DbSet<Attachments.AttachmentCopy> AttachmentCopies => Set<Attachments.AttachmentCopy>();

    /// <summary>
    /// Takes the next number of a sequence (task or contact numbers): the one allocator of the hub. The
    /// counter row stays locked until the write commits, so numbers are unique and without gaps across
    /// every hub process on the database, and a write rolled back gives its number back.
    /// </summary>
    internal long TakeNumber(string counter)
    {
        // On PostgreSQL a write may take contact numbers and then task numbers while a write of another
        // writer or hub takes them the other way round: the first number of a transaction locks every
        // counter in one order, so they wait for each other instead of deadlocking.
        if (this is PostgresHubDbContext && Database.CurrentTransaction is { } transaction && !ReferenceEquals(_countersLockedBy, transaction))
        {
            using (var locked = Command(LockCountersSql).ExecuteReader())
            {
                while (locked.Read())
                {
                }
            }

            _countersLockedBy = transaction;
        }

        var take = Command(TakeNumberSql);
        take.Set("name", counter);
        return Convert.ToInt64(
            take.ExecuteScalar() ?? throw new InvalidOperationException($"The counter '{counter}' is missing; the store was not initialized."),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A prepared command for <paramref name="sql"/> on this context's connection, enlisted in the
    /// current transaction. The hot paths (a provider's messages) use these instead of change
    /// tracking; the command is reused for every write of a batch, and so are its parameters: callers
    /// set their values with <see cref="SqlParameters.Set(System.Data.Common.DbCommand, string, object?)"/>. (Replacing the parameter objects between
    /// executions broke once Npgsql prepared the statement: it kept binding the objects it was
    /// prepared with, so later executions ran with the values of the fifth.)
    /// </summary>
    internal DbCommand Command(string sql)
    {
        _commands ??= new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        var transaction = Database.CurrentTransaction?.GetDbTransaction();
        if (!_commands.TryGetValue(sql, out var command))
        {
            Database.OpenConnection();
            command = Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>How this store keeps a point in time, for the hot paths' SQL parameters.</summary>
    internal abstract object TimeValue(DateTimeOffset time);

    public override void Dispose()
    {
        DisposeCommands();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        DisposeCommands();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private void DisposeCommands()
    {
        if (_commands is null)
        {
            return;
        }

        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands = null;
    }

    /// <summary>
    /// Indexes are declared, not made for every foreign key by convention: on the hot path each
    /// index costs a page per message in every commit, so only the ones a query uses exist.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1725", Justification = "Named before Identity's base class joined; renaming would touch every line of the model.")]
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        ConsoleModel.Configure(modelBuilder);
        Labels.TaskLabel.Configure(modelBuilder);
        Attachments.AttachmentCopy.Configure(modelBuilder);
        Reports.ReportIndexes.Configure(modelBuilder);

        modelBuilder.Entity<Integration>(integration =>
        {
            integration.Property(i => i.ProviderId).HasMaxLength(255);
            integration.HasIndex(i => i.ProviderId).IsUnique();
        });

        modelBuilder.Entity<Employee>(employee =>
        {
            employee.Property(e => e.Email).HasMaxLength(255);
            employee.HasIndex(e => e.Email).IsUnique();
        });

        modelBuilder.Entity<Contact>(contact =>
        {
            contact.Property(c => c.ExternalId).HasMaxLength(255);
            contact.HasIndex(c => new { c.IntegrationId, c.ExternalId }).IsUnique();
            contact.HasIndex(c => c.Number).IsUnique();
            contact.HasOne<Integration>().WithMany().HasForeignKey(c => c.IntegrationId);
            contact.Ignore(c => c.FullName);
        });

        modelBuilder.Entity<Chat>(chat =>
        {
            chat.Property(c => c.ExternalId).HasMaxLength(255);
            chat.HasIndex(c => new { c.IntegrationId, c.ExternalId }).IsUnique();
            chat.HasIndex(c => c.ContactId);
            // The inbox's channel filter and its list of channels (Console/Inbox/ChannelList).
            chat.HasIndex(c => c.Channel);
            chat.HasOne<Integration>().WithMany().HasForeignKey(c => c.IntegrationId);
            chat.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId);
            chat.HasOne<ChatTask>().WithMany().HasForeignKey(c => c.CurrentTaskId);
        });

        modelBuilder.Entity<ChatTask>(task =>
        {
            task.ToTable("Tasks");
            task.HasIndex(t => t.Number).IsUnique();
            // An integration's tasks in a status, and the inbox filtered by integration in its order.
            task.HasIndex(t => new { t.IntegrationId, t.Status, t.LastMessageId, t.Id });
            task.HasIndex(t => t.ChatId);
            // A contact's tasks, paged by number (its card and GET /api/contacts/{number}).
            task.HasIndex(t => new { t.ContactId, t.Number });

            // Written only by the trigger on Messages (see the InboxLastMessage migration): EF never sends it.
            task.Property(t => t.LastMessageId).HasDefaultValue(0L).ValueGeneratedOnAddOrUpdate();

            // The inbox's order, for its default view (active tasks) and for "all".
            task.HasIndex(t => new { t.Status, t.LastMessageId, t.Id });
            task.HasIndex(t => new { t.LastMessageId, t.Id });
            task.HasOne<Integration>().WithMany().HasForeignKey(t => t.IntegrationId);
            task.HasOne<Chat>().WithMany().HasForeignKey(t => t.ChatId);
            task.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId);
            task.OwnsMany(t => t.Fields, field =>
            {
                field.ToTable("TaskFields");
                field.WithOwner().HasForeignKey("TaskId");
                field.Property<int>("Id");
                field.HasKey("Id");
                field.HasIndex("TaskId", nameof(TaskFieldValue.Name)).IsUnique();
            });
        });

        modelBuilder.Entity<Message>(message =>
        {
            message.HasIndex(m => m.TaskId);
            message.HasOne<ChatTask>().WithMany().HasForeignKey(m => m.TaskId);
            message.HasOne<Contact>().WithMany().HasForeignKey(m => m.AuthorContactId);
            message.HasOne<Employee>().WithMany().HasForeignKey(m => m.AuthorEmployeeId);
            message.OwnsMany(m => m.Attachments, attachment =>
            {
                attachment.ToTable("MessageAttachments");
                attachment.WithOwner().HasForeignKey("MessageId");
                attachment.HasKey("MessageId", nameof(MessageAttachment.Position));
                attachment.Property(a => a.Position).ValueGeneratedNever();
            });
            message.OwnsMany(m => m.StatusEvents, statusEvent =>
            {
                statusEvent.ToTable("MessageStatusEvents");
                statusEvent.WithOwner().HasForeignKey("MessageId");
                statusEvent.HasKey(e => e.Id);
                statusEvent.HasIndex("MessageId");
            });
        });

        modelBuilder.Entity<MessageDelivery>(delivery =>
        {
            delivery.ToTable("Deliveries");
            delivery.HasIndex(d => d.MessageId).IsUnique();
            // The worker's question: the first unfinished delivery of each lane (Outbox.LaneHeads), over
            // the unfinished ones only, so its size follows the backlog and not the history.
            delivery.HasIndex(d => new { d.Lane, d.Id }).HasFilter("\"State\" IN (0, 1)");
            // The delivery log and the bulk retry: an integration's deliveries in a state, by time.
            delivery.HasIndex(d => new { d.IntegrationId, d.State, d.CreatedAt });
            delivery.Property(d => d.Lane).HasMaxLength(64);
            delivery.Property(d => d.LastError).HasMaxLength(DeliveryAttempt.MaxErrorLength);
            delivery.HasOne<Message>().WithMany().HasForeignKey(d => d.MessageId);
            delivery.HasOne<Integration>().WithMany().HasForeignKey(d => d.IntegrationId);
            delivery.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId);
        });

        modelBuilder.Entity<DeliveryAttempt>(attempt =>
        {
            attempt.HasIndex(a => a.DeliveryId);
            attempt.Property(a => a.Answer).HasMaxLength(DeliveryAttempt.MaxAnswerLength);
            attempt.Property(a => a.Error).HasMaxLength(DeliveryAttempt.MaxErrorLength);
        });

        modelBuilder.Entity<Upload>(upload =>
        {
            upload.Property(u => u.Id).HasMaxLength(32);
            upload.Property(u => u.Name).HasMaxLength(255);
            upload.Property(u => u.ContentType).HasMaxLength(255);
        });

        modelBuilder.Entity<Counter>(counter =>
        {
            counter.HasKey(c => c.Name);
            counter.Property(c => c.Next).IsConcurrencyToken();
        });
    }
}
