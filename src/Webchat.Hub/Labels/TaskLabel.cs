using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Labels;

/// <summary>A label on a task: free text, kept in its normalized form (see <see cref="LabelText"/>), so "Urgent" and "urgent" are one label.</summary>
public sealed class TaskLabel
{
    public long TaskId { get; set; }

    public required string Name { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<TaskLabel>(label =>
    {
        label.ToTable("TaskLabels");
        label.HasKey(l => new { l.TaskId, l.Name });
        label.Property(l => l.Name).HasMaxLength(LabelText.MaxLength);
        // The label filter and the admin's rename and delete: every task of a label, without reading the others.
        label.HasIndex(l => new { l.Name, l.TaskId });
        label.HasOne<ChatTask>().WithMany().HasForeignKey(l => l.TaskId);
    });
}
