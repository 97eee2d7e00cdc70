using System.Globalization;
using System.Text.Json;

namespace Webchat.Cli.CheckProvider;

/// <summary>What the provider did with one probe: its status and body, or why there was no answer, and how long it took.</summary>
internal sealed record ProbeAnswer(int? Status, string Body, TimeSpan Elapsed, string? NoAnswer, string? Location = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public bool IsRefusal => Status is >= 400 and < 500;

    public bool TimedOut { get; init; }

    /// <summary>The body parses as JSON (an empty body does not).</summary>
    public bool IsJson
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }

    /// <summary>A short account of the answer, for the "seen" column: <c>200 {"chatId":…} in 12 ms</c>.</summary>
    public string Describe()
    {
        if (Status is not { } status)
        {
            return NoAnswer ?? "no answer";
        }

        var body = Body.Length == 0 ? "(empty body)" : Excerpt(Body);
        var redirect = Location is null ? string.Empty : $" to {Location}";
        return $"{status}{redirect} {body} in {Milliseconds(Elapsed)} ms";
    }

    public static string Milliseconds(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string Excerpt(string body)
    {
        const int max = 80;
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..max] + "…";
    }
}
