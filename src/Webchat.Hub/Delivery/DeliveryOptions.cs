using System.Globalization;
using Microsoft.Extensions.Options;

namespace Webchat.Hub.Delivery;

/// <summary><c>Hub:Delivery</c>: how the hub calls providers with employees' messages.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Hub:Delivery";

    /// <summary>
    /// In the spirit of the Standard Webhooks schedule: the waits after the 1st, 2nd, … failed attempt,
    /// about 28 hours in all, after which the message is marked failed.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>How long one attempt may take, from connecting to the end of the answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How much of a provider's answer is read; a longer answer is cut off (and refused where the hub needs it).</summary>
    public int MaxAnswerBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The waits between attempts; empty means <see cref="DefaultRetrySchedule"/>. (A default list here
    /// would be appended to, not replaced, by a configured one.)
    /// </summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    /// <summary>Each wait is moved randomly by up to this fraction of it, so failed lanes do not retry in step.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>How often the worker looks for due deliveries when nothing wakes it sooner.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a hub's claim on a delivery under way holds without being renewed (the hub renews it
    /// every third of this while it lives): how soon other hubs take over the deliveries of a hub that died.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many lanes (chats) are delivered to at once. Each sends its run (<see cref="LaneRun"/>) one
    /// call after another and then waits for the run's outcomes to commit, so the outbox's pace is about
    /// this many runs over a run's length.
    /// </summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// How many of a lane's waiting deliveries one claim takes together (its head and those behind it
    /// that are due), sent back to back without a claim between them: a claim and a settle's commit are
    /// paid once per run rather than once per delivery. 1 sends each alone.
    /// </summary>
    public int LaneRun { get; set; } = 16;

    /// <summary>
    /// The <c>taskEmail</c> sent with each message, e.g. <c>task+{number}@example.com</c>: <c>{number}</c>
    /// is the task's number, <c>{providerId}</c> the integration's. Unset: no <c>taskEmail</c> is sent.
    /// </summary>
    public string? TaskEmailPattern { get; set; }

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule.Count > 0 ? RetrySchedule : DefaultRetrySchedule;

    public string? TaskEmail(long taskNumber, string providerId) => TaskEmailPattern?
        .Replace("{number}", taskNumber.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{providerId}", providerId, StringComparison.Ordinal);
}

/// <summary>Checks <c>Hub:Delivery</c> at start, naming each bad setting.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string path = DeliveryOptions.SectionName;

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{path}:Timeout must be between 00:00:01 and 00:05:00.");
        }

        if (options.MaxAnswerBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{path}:MaxAnswerBytes must be between 1024 and 16777216.");
        }

        for (var i = 0; i < options.RetrySchedule.Count; i++)
        {
            if (options.RetrySchedule[i] <= TimeSpan.Zero || options.RetrySchedule[i] > TimeSpan.FromDays(7))
            {
                failures.Add($"{path}:RetrySchedule:{i} must be more than 0 and at most 7.00:00:00.");
            }
        }

        if (options.RetrySchedule.Count > 100)
        {
            failures.Add($"{path}:RetrySchedule may have at most 100 steps.");
        }

        if (!(options.Jitter is >= 0 and <= 0.5))
        {
            failures.Add($"{path}:Jitter must be between 0 and 0.5.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{path}:PollInterval must be between 00:00:00.1 and 01:00:00.");
        }

        if (options.LeaseTime < TimeSpan.FromSeconds(1) || options.LeaseTime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{path}:LeaseTime must be between 00:00:01 and 00:10:00.");
        }

        if (options.MaxConcurrency is < 1 or > 256)
        {
            failures.Add($"{path}:MaxConcurrency must be between 1 and 256.");
        }

        if (options.LaneRun is < 1 or > 256)
        {
            failures.Add($"{path}:LaneRun must be between 1 and 256.");
        }

        if (options.TaskEmailPattern is { } pattern
            && (!pattern.Contains("{number}", StringComparison.Ordinal) || pattern.IndexOf('@', StringComparison.Ordinal) <= 0))
        {
            failures.Add($"{path}:TaskEmailPattern must be an e-mail address with {{number}} in it, e.g. task+{{number}}@example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
