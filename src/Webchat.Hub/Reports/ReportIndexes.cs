using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Messages;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Reports;

/// <summary>The indexes the reports read by: a period's messages and tasks, without reading the others.</summary>
internal static class ReportIndexes
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        // Covers what the report counts by (direction, task, author), so a period is read from the index alone.
        modelBuilder.Entity<Message>().HasIndex(m => new { m.CreatedAt, m.Direction, m.TaskId, m.AuthorEmployeeId });
        modelBuilder.Entity<ChatTask>().HasIndex(t => t.CreatedAt);
        modelBuilder.Entity<ChatTask>().HasIndex(t => t.CompletedAt);
    }
}
