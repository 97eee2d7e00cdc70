using System.Globalization;

namespace Webchat.Bench.Outbound;

/// <summary>What to run, read from the command line.</summary>
internal sealed record OutboundOptions(
    Uri Hub,
    int Port,
    string ApiKey,
    string ProviderId,
    string Token,
    string Author,
    int Chats,
    int Rate,
    int Seconds,
    int Warmup,
    int Concurrency,
    int DrainSeconds)
{
    public const string Usage =
        "usage: Webchat.Bench.Outbound --hub <url> --port <receiver port> --api-key <key> --provider-id <id> --token <planfix token> "
        + "--author <employee e-mail> [--chats 200] [--rate 500] [--seconds 10] [--warmup 3] [--concurrency 64] [--drain-seconds 60]";

    public static bool TryParse(string[] args, out OutboundOptions options, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--chats"] = "200",
            ["--rate"] = "500",
            ["--seconds"] = "10",
            ["--warmup"] = "3",
            ["--concurrency"] = "64",
            ["--drain-seconds"] = "60",
        };
        options = null!;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                problem = $"'{args[i]}' is not an option with a value";
                return false;
            }

            values[args[i]] = args[i + 1];
        }

        foreach (var required in new[] { "--hub", "--port", "--api-key", "--provider-id", "--token", "--author" })
        {
            if (!values.TryGetValue(required, out var value) || string.IsNullOrWhiteSpace(value))
            {
                problem = $"{required} is required";
                return false;
            }
        }

        if (!Uri.TryCreate(values["--hub"], UriKind.Absolute, out var hub))
        {
            problem = "--hub must be an absolute URL";
            return false;
        }

        int Number(string name) =>
            int.TryParse(values[name], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 0;

        var numbers = new[] { "--port", "--chats", "--rate", "--seconds", "--concurrency", "--drain-seconds" };
        if (numbers.FirstOrDefault(name => Number(name) == 0) is { } bad)
        {
            problem = $"{bad} must be a whole number above 0";
            return false;
        }

        if (!int.TryParse(values["--warmup"], NumberStyles.None, CultureInfo.InvariantCulture, out var warmup))
        {
            problem = "--warmup must be a whole number of seconds, 0 or more";
            return false;
        }

        options = new OutboundOptions(
            hub,
            Number("--port"),
            values["--api-key"],
            values["--provider-id"],
            values["--token"],
            values["--author"],
            Number("--chats"),
            Number("--rate"),
            Number("--seconds"),
            warmup,
            Number("--concurrency"),
            Number("--drain-seconds"));
        problem = null;
        return true;
    }
}
