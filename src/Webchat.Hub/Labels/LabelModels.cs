namespace Webchat.Hub.Labels;

/// <summary>The labels a task is to carry: every one it had and is not in the list goes.</summary>
public sealed record LabelsRequest(IReadOnlyList<string?>? Labels);

/// <summary>A task's labels after a change, in alphabetical order.</summary>
public sealed record TaskLabels(long Number, IReadOnlyList<string> Labels);

/// <summary>A label in use and how many tasks carry it.</summary>
public sealed record LabelUsage(string Name, int Tasks);

/// <summary>A label's new name.</summary>
public sealed record LabelRename(string? Name);
