namespace Webchat.Hub.Storage;

/// <summary>
/// The next number of a sequence (task numbers, contact numbers). A row, not a database sequence,
/// so both stores behave alike and a number is used only when its transaction commits.
/// </summary>
public sealed class Counter
{
    public const string TaskNumbers = "task";
    public const string ContactNumbers = "contact";

    public required string Name { get; set; }

    public long Next { get; set; }
}
