using System.Globalization;

namespace Webchat.Hub.Reports;

/// <summary>A report's period: whole UTC days, both ends included, at most <see cref="MaxDays"/>.</summary>
public readonly record struct ReportPeriod(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    /// <summary>The days the report spans when none are asked for: the last 30, today included.</summary>
    public const int DefaultDays = 30;

    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first moment after the period.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period asked for; each bad value is added to <paramref name="errors"/> under its parameter's name.</summary>
    public static ReportPeriod Parse(string? from, string? to, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var end = ParseDay(to, nameof(to), errors) ?? DateOnly.FromDateTime(now.UtcDateTime);
        var start = ParseDay(from, nameof(from), errors) ?? end.AddDays(-(DefaultDays - 1));
        if (errors.Count == 0)
        {
            if (end < start)
            {
                errors[nameof(to)] = [$"to ({end:yyyy-MM-dd}) is before from ({start:yyyy-MM-dd})."];
            }
            else if (end.DayNumber - start.DayNumber + 1 > MaxDays)
            {
                errors[nameof(to)] = [$"The period is at most {MaxDays} days: to is {end.DayNumber - start.DayNumber + 1} days from from, counting both."];
            }
        }

        return new ReportPeriod(start, end);
    }

    private static DateOnly? ParseDay(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Year >= 2000 && day.Year <= 9000)
        {
            return day;
        }

        errors[name] = [$"{name} must be a day as yyyy-MM-dd (UTC), not '{value}'."];
        return null;
    }
}
