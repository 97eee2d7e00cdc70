using System.Globalization;
using System.Text;

namespace Webchat.Hub.Reports;

/// <summary>
/// A report as one CSV table (RFC 4180): the total, then a row per day, employee and channel. Percentiles
/// are on the total's row; counts that do not apply (an employee's new tasks) are left empty.
/// </summary>
public static class ReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Write(ReportSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Row(csv, "section", "key", "newTasks", "messagesIn", "repliesOut", "notes",
            "firstResponseP50Seconds", "firstResponseP90Seconds", "resolutionP50Seconds", "resolutionP90Seconds");
        Row(csv, "total", Day(report.From) + ".." + Day(report.To), N(report.NewTasks), N(report.MessagesIn), N(report.RepliesOut), N(report.Notes),
            N(report.FirstResponse.P50Seconds), N(report.FirstResponse.P90Seconds), N(report.Resolution.P50Seconds), N(report.Resolution.P90Seconds));
        foreach (var day in report.ByDay)
        {
            Row(csv, "day", Day(day.Day), N(day.NewTasks), N(day.MessagesIn), N(day.RepliesOut), N(day.Notes));
        }

        foreach (var employee in report.ByEmployee)
        {
            Row(csv, "employee", employee.Email, "", "", N(employee.RepliesOut), N(employee.Notes));
        }

        foreach (var channel in report.ByChannel)
        {
            Row(csv, "channel", channel.Channel ?? "", N(channel.NewTasks), N(channel.MessagesIn), N(channel.RepliesOut), N(channel.Notes));
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Field));
        csv.Append("\r\n");
    }

    /// <summary>
    /// Quoted when it holds a comma, quote or line break; text a spreadsheet would run as a formula (a
    /// channel's or an employee's name from outside) gets a leading apostrophe.
    /// </summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
