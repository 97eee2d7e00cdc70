using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Console.Work;

/// <summary>Who works on a task now. No row: unassigned.</summary>
public sealed class TaskAssignment
{
    public long TaskId { get; set; }

    public int EmployeeId { get; set; }

    public DateTimeOffset AssignedAt { get; set; }
}

/// <summary>How far an employee has read a task: every message up to <see cref="LastReadMessageId"/>.</summary>
public sealed class TaskRead
{
    public int EmployeeId { get; set; }

    public long TaskId { get; set; }

    public long LastReadMessageId { get; set; }
}

/// <summary>A saved answer every employee can insert into a reply.</summary>
public sealed class QuickReply
{
    public const int MaxTitleLength = 100;
    public const int MaxTextLength = 4000;

    public int Id { get; set; }

    public required string Title { get; set; }

    public required string Text { get; set; }
}

/// <summary>The console's tables in the hub's model.</summary>
internal static class ConsoleModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TaskAssignment>(assignment =>
        {
            assignment.HasKey(a => a.TaskId);
            // The "mine" filter: an employee's tasks.
            assignment.HasIndex(a => a.EmployeeId);
            assignment.HasOne<ChatTask>().WithOne().HasForeignKey<TaskAssignment>(a => a.TaskId);
            assignment.HasOne<Employee>().WithMany().HasForeignKey(a => a.EmployeeId);
        });

        modelBuilder.Entity<TaskRead>(read =>
        {
            read.HasKey(r => new { r.EmployeeId, r.TaskId });
            read.HasOne<ChatTask>().WithMany().HasForeignKey(r => r.TaskId);
            read.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId);
        });

        modelBuilder.Entity<QuickReply>(reply =>
        {
            reply.Property(r => r.Title).HasMaxLength(QuickReply.MaxTitleLength);
            reply.Property(r => r.Text).HasMaxLength(QuickReply.MaxTextLength);
        });

        modelBuilder.Entity<Accounts.ConsoleUser>(user =>
        {
            user.HasIndex(u => u.EmployeeId).IsUnique();
            user.HasOne<Employee>().WithOne().HasForeignKey<Accounts.ConsoleUser>(u => u.EmployeeId);
        });
    }
}
