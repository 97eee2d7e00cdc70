namespace Webchat.Client;

/// <summary>What the hub answered to <c>newMessage</c>. Planfix may answer an empty 200, so both numbers may be null.</summary>
/// <param name="TaskNumber">The number of the task the message went to, when the hub said.</param>
/// <param name="ContactNumber">The hub's number of the contact, when the hub said.</param>
public sealed record SendMessageResult(long? TaskNumber, long? ContactNumber);

/// <summary>What the hub answered to <c>getTask</c>.</summary>
/// <param name="Number">The number of the chat's current task.</param>
/// <param name="StatusIsActive">Whether the task is active, when the hub said (<c>statusIsActive</c>).</param>
public sealed record GetTaskResult(long Number, bool? StatusIsActive);

/// <summary>What the hub answered to <c>getContact</c>.</summary>
/// <param name="Number">The hub's number of the contact.</param>
public sealed record GetContactResult(long Number);
