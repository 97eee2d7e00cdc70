namespace Webchat.Hub.Notes;

/// <summary>An employee's private note in a task.</summary>
public sealed record NoteRequest(string? Text, string? AuthorEmail);

/// <summary>The note is stored: <see cref="MessageId"/> is its place among the task's messages.</summary>
public sealed record NoteAdded(long MessageId, long TaskNumber);

/// <summary>What adding a note came to: added, invalid (field errors), or no such task.</summary>
public sealed record NoteOutcome(NoteAdded? Added, Dictionary<string, string[]>? Errors);
