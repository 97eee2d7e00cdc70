using System.ComponentModel.DataAnnotations;

namespace Webchat.DemoProvider.Widget;

/// <summary><c>Demo:Limits</c>: how much one client address may ask of the widget's API in a window.</summary>
public sealed class VisitorLimitOptions
{
    public const string SectionName = "Demo:Limits";

    /// <summary>Messages sent (each one a call to the hub, the first a new contact and task there).</summary>
    [Range(1, 100_000)]
    public int MessagesPerWindow { get; set; } = 20;

    /// <summary>Every request to <c>/api</c> (details, live feed, read marks).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerWindow { get; set; } = 300;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
