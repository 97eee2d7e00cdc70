namespace Webchat.Hub.Reports;

/// <summary>
/// A period's work, its days in UTC from <see cref="From"/> to <see cref="To"/> inclusive. <see cref="RepliesOut"/> counts
/// employees' replies (sent from the hub, or echoed from the provider's side); <see cref="MessagesIn"/>, the contacts' messages.
/// </summary>
public sealed record ReportSummary(
    DateOnly From,
    DateOnly To,
    string? Integration,
    int NewTasks,
    int MessagesIn,
    int RepliesOut,
    int Notes,
    ReportDurations FirstResponse,
    ReportDurations Resolution,
    IReadOnlyList<ReportDay> ByDay,
    IReadOnlyList<ReportEmployee> ByEmployee,
    IReadOnlyList<ReportChannel> ByChannel);

/// <summary>
/// Percentiles of a duration (nearest rank), in whole seconds, over <see cref="Count"/> tasks (at most
/// <see cref="ReportQueries.MaxDurations"/>, the newest); null when there were none.
/// </summary>
public sealed record ReportDurations(int Count, long? P50Seconds, long? P90Seconds);

/// <summary>One day of the period (UTC); every day is listed, quiet ones with zeros.</summary>
public sealed record ReportDay(DateOnly Day, int NewTasks, int MessagesIn, int RepliesOut, int Notes);

/// <summary>What one employee wrote in the period.</summary>
public sealed record ReportEmployee(string Email, string Name, int RepliesOut, int Notes);

/// <summary>One channel's work; <see cref="Channel"/> is null for tasks whose chat names none (or that have no chat yet).</summary>
public sealed record ReportChannel(string? Channel, int NewTasks, int MessagesIn, int RepliesOut, int Notes);
