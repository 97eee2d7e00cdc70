using System.CommandLine;

namespace Webchat.Cli.Common;

/// <summary>A repeatable <c>--x NAME=VALUE</c> option, split at the first <c>=</c>.</summary>
internal static class KeyValueOption
{
    public static Option<KeyValuePair<string, string>[]> Create(string name, string helpName, string description, Func<string, string, string?>? check = null)
    {
        var option = new Option<KeyValuePair<string, string>[]>(name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
            CustomParser = result =>
            {
                var pairs = new List<KeyValuePair<string, string>>();
                foreach (var token in result.Tokens)
                {
                    var split = token.Value.IndexOf('=', StringComparison.Ordinal);
                    if (split <= 0)
                    {
                        result.AddError($"{name} '{token.Value}' must be {helpName}, e.g. {name} {Example(helpName)}.");
                        continue;
                    }

                    var (key, value) = (token.Value[..split], token.Value[(split + 1)..]);
                    if (check?.Invoke(key, value) is { } problem)
                    {
                        result.AddError($"{name} '{token.Value}': {problem}");
                        continue;
                    }

                    pairs.Add(new(key, value));
                }

                return [.. pairs];
            },
        };
        return option;
    }

    private static string Example(string helpName) => helpName == "NAME=URL" ? "price.pdf=https://example.com/price.pdf" : "utm_source=google";
}
