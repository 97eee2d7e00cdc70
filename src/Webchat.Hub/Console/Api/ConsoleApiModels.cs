namespace Webchat.Hub.Console.Api;

/// <summary>Names an employee by e-mail: who takes a task, or who has read it.</summary>
public sealed record EmployeeRef(string? EmployeeEmail);

/// <summary>A task's assignee after a change; null when unassigned.</summary>
public sealed record TaskAssigneeView(long TaskNumber, string? AssigneeEmail);

/// <summary>How many of the contact's messages were unread before the task was marked read.</summary>
public sealed record TaskReadView(long TaskNumber, int WasUnread);

/// <summary>An employee's unread messages in one task.</summary>
public sealed record UnreadTask(long TaskNumber, int Unread);
