using System.Text.Json;
using System.Text.Json.Serialization;
using Webchat.Cli.Common;

namespace Webchat.Cli.CheckProvider;

/// <summary>The outcome of <c>check-provider</c>: a table for people, JSON for scripts.</summary>
internal sealed record CheckReport(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("checks")] IReadOnlyList<CheckReportRow> Checks)
{
    public static CheckReport From(Uri url, IReadOnlyList<CheckResult> results) => new(
        url.ToString(),
        results.All(r => r.Outcome != CheckOutcome.Fail),
        [.. results.Select(r => new CheckReportRow(r.Check, r.Required, r.Outcome.ToString().ToLowerInvariant(), r.Seen, r.Fix))]);

    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Context.CheckReport);

    public string ToTable()
    {
        string[] header = ["CHECK", "RESULT", "SEEN", "HOW TO FIX"];
        var rows = Checks.Select(c => new[] { c.Check + (c.Required ? string.Empty : " (advisory)"), c.Result.ToUpperInvariant(), c.Seen, c.Fix ?? string.Empty }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Append(header).Max(r => r[i].Length)).ToArray();

        var table = new System.Text.StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            var line = string.Concat(row.SkipLast(1).Select((cell, i) => cell.PadRight(widths[i] + 2))) + row[^1];
            table.AppendLine(line.TrimEnd());
        }

        var failed = Checks.Count(c => c.Result == "fail");
        var warned = Checks.Count(c => c.Result == "warn");
        var required = Checks.Count(c => c.Required);
        table.AppendLine()
            .Append(Passed ? "PASSED: " : "FAILED: ")
            .Append($"{required - failed} of {required} required checks passed")
            .AppendLine(warned == 0 ? "." : $", {warned} advisory warning(s).");
        return table.ToString();
    }
}

internal sealed record CheckReportRow(
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("seen")] string Seen,
    [property: JsonPropertyName("fix")] string? Fix);
