using System.Globalization;

namespace Webchat.Bench.Inbox;

/// <summary>What to measure, read from the command line.</summary>
internal sealed record InboxOptions(
    Uri Hub,
    string ApiKey,
    string ProviderId,
    string Token,
    string? Email,
    string? Password,
    int HubPid,
    string Prefix,
    int Chats,
    int Messages,
    int Samples,
    int Warmup,
    int Rate,
    int Seconds,
    int Consoles)
{
    public const string Usage =
        "usage: Webchat.Bench.Inbox --hub <url> --api-key <key> --provider-id <id> --token <planfix token> [--email <console e-mail> "
        + "--password <console password>] [--hub-pid <pid>] [--prefix seed-] [--chats 100000] [--messages 1000000] [--samples 200] "
        + "[--warmup 20] [--rate 1000] [--seconds 10] [--consoles 50]\n"
        + "       Webchat.Bench.Inbox --bare <url> [--samples 200] [--warmup 20]";

    public static bool TryParse(string[] args, out InboxOptions options, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--prefix"] = "seed-",
            ["--chats"] = "100000",
            ["--messages"] = "1000000",
            ["--samples"] = "200",
            ["--warmup"] = "20",
            ["--rate"] = "1000",
            ["--seconds"] = "10",
            ["--consoles"] = "50",
            ["--hub-pid"] = "0",
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

        foreach (var required in new[] { "--hub", "--api-key", "--provider-id", "--token" })
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
            int.TryParse(values[name], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;

        var positive = new[] { "--chats", "--messages", "--samples", "--rate", "--seconds", "--consoles" };
        if (positive.FirstOrDefault(name => Number(name) < 1) is { } bad)
        {
            problem = $"{bad} must be a whole number above 0";
            return false;
        }

        if (Number("--warmup") < 0 || Number("--hub-pid") < 0)
        {
            problem = "--warmup and --hub-pid must be whole numbers, 0 or more";
            return false;
        }

        options = new InboxOptions(
            hub,
            values["--api-key"],
            values["--provider-id"],
            values["--token"],
            values.GetValueOrDefault("--email"),
            values.GetValueOrDefault("--password"),
            Number("--hub-pid"),
            values["--prefix"],
            Number("--chats"),
            Number("--messages"),
            Number("--samples"),
            Number("--warmup"),
            Number("--rate"),
            Number("--seconds"),
            Number("--consoles"));
        problem = null;
        return true;
    }
}
