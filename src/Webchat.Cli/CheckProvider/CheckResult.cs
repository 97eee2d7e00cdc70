namespace Webchat.Cli.CheckProvider;

/// <summary>How a check came out: required checks pass or fail, advisory ones pass or warn.</summary>
internal enum CheckOutcome
{
    Pass,
    Fail,
    Warn,
}

/// <summary>One row of the report: the check, how it came out, what was seen, and how to fix it when it did not pass.</summary>
internal sealed record CheckResult(string Check, bool Required, CheckOutcome Outcome, string Seen, string? Fix)
{
    public static CheckResult Judge(string check, bool required, bool passed, string seen, string fix) =>
        new(check, required, passed ? CheckOutcome.Pass : required ? CheckOutcome.Fail : CheckOutcome.Warn, seen, passed ? null : fix);
}
