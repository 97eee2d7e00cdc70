using System.CommandLine;

namespace Webchat.Cli.Common;

/// <summary>
/// <c>--token</c> of the provider-side verbs (<c>listen</c>, <c>check-provider</c>): the key the hub sends to
/// a provider, also read from <c>WEBCHAT_PROVIDER_TOKEN</c> (not <c>WEBCHAT_TOKEN</c>, which is the key sent to the hub).
/// </summary>
internal static class ProviderTokenOption
{
    public const string Variable = "WEBCHAT_PROVIDER_TOKEN";

    public static Option<string> Create(string description) => new("--token")
    {
        Description = $"{description} Default: ${Variable}.",
    };

    /// <summary>The token, or null after saying on stderr how to give it.</summary>
    public static string? Resolve(ParseResult parsed, Option<string> option, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var token = parsed.GetValue(option) ?? environment.Variable(Variable);
        if (string.IsNullOrEmpty(token))
        {
            environment.Error.WriteLine($"webchat: --token is missing: pass --token <the integration's ProviderToken> or set {Variable}.");
            return null;
        }

        return token;
    }
}
