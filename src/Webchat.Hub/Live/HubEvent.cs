namespace Webchat.Hub.Live;

/// <summary>What changed, for pages and clients that show the store live.</summary>
public enum HubEventKind
{
    /// <summary>A task was opened, or its status, assignee, name or contact changed.</summary>
    TaskChanged,

    /// <summary>A message was added to a task (inbound, echo or reply).</summary>
    MessageAdded,

    /// <summary>A message the hub sent moved its ticks (pending, sent, read, error) or was retried.</summary>
    MessageStatusChanged,

    /// <summary>An employee (<see cref="HubEvent.EmployeeId"/>) read a task: only that employee's unread counts change.</summary>
    TaskRead,
}

/// <summary>
/// One change, published only after the write that made it has committed. It names what changed,
/// not the new state: a listener reads the store for that, so an event lost or doubled costs a
/// refresh, never a wrong picture. <paramref name="TaskNumber"/> is the task's public number;
/// <paramref name="MessageId"/> is set for message events, <paramref name="EmployeeId"/> for <see cref="HubEventKind.TaskRead"/>.
/// </summary>
public sealed record HubEvent(HubEventKind Kind, long TaskNumber, long? MessageId = null, int? EmployeeId = null);
