namespace Webchat.Hub.Tasks;

/// <summary>A task: the work a chat makes. Its messages are its comments.</summary>
public sealed class ChatTask
{
    public long Id { get; set; }

    /// <summary>The hub's number of the task: sequential, never reused.</summary>
    public long Number { get; set; }

    public int IntegrationId { get; set; }

    /// <summary>The chat the task answers; null for a task started from the hub until the provider opens the chat.</summary>
    public long? ChatId { get; set; }

    /// <summary>The contact: the task's assigner.</summary>
    public long ContactId { get; set; }

    public required string Name { get; set; }

    /// <summary>The earlier conversation, when the task was opened after the chat's previous task was completed.</summary>
    public string? Description { get; set; }

    /// <summary>The provider's <c>contactData</c>: free text about the contact.</summary>
    public string? AdditionalDescription { get; set; }

    public ChatTaskStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>
    /// The id of the task's newest message, 0 before the first: the inbox's order. A trigger on
    /// <c>Messages</c> keeps it (every write path alike), so code never sets it.
    /// </summary>
    public long LastMessageId { get; private set; }

    /// <summary>The task template's custom fields that <c>data_&lt;field&gt;</c> filled.</summary>
    public List<TaskFieldValue> Fields { get; set; } = [];
}

public enum ChatTaskStatus
{
    Active = 0,
    Completed = 1,
}

/// <summary>The value of one custom string field of a task.</summary>
public sealed class TaskFieldValue
{
    public required string Name { get; set; }

    public required string Value { get; set; }
}
