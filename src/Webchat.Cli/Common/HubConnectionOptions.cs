using System.CommandLine;

namespace Webchat.Cli.Common;

/// <summary>The hub's address and this provider's credentials: <c>--hub</c>, <c>--provider-id</c>, <c>--token</c>, each with an environment variable.</summary>
internal sealed class HubConnectionOptions(CliEnvironment environment)
{
    public const string HubVariable = "WEBCHAT_HUB";
    public const string ProviderIdVariable = "WEBCHAT_PROVIDER_ID";
    public const string TokenVariable = "WEBCHAT_TOKEN";

    /// <summary>The protocol's entry point, added to a <c>--hub</c> given without a path.</summary>
    public const string EntryPoint = "/webchat/api";

    public Option<string> Hub { get; } = new("--hub")
    {
        Description = $"The hub: its address (http://127.0.0.1:5000) or the full {EntryPoint} URL. Default: ${HubVariable}.",
    };

    public Option<string> ProviderId { get; } = new("--provider-id")
    {
        Description = $"Your integration's providerId. Default: ${ProviderIdVariable}.",
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = $"Your integration's key (planfix_token) at the hub. Default: ${TokenVariable}.",
    };

    public IEnumerable<Option> All => [Hub, ProviderId, Token];

    /// <summary>The connection the options and variables give, or null after saying on stderr what is missing or wrong.</summary>
    public HubConnection? Resolve(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var hub = Value(parsed, Hub, HubVariable, "the hub's address, e.g. --hub http://127.0.0.1:5000");
        var providerId = Value(parsed, ProviderId, ProviderIdVariable, "your integration's providerId, e.g. --provider-id superchat");
        var token = Value(parsed, Token, TokenVariable, "your integration's planfix_token");
        if (hub is null || providerId is null || token is null)
        {
            return null;
        }

        if (providerId.Contains('~', StringComparison.Ordinal))
        {
            environment.Error.WriteLine($"webchat: --provider-id '{providerId}' must not contain '~': use the integration's ProviderId as the hub's settings spell it.");
            return null;
        }

        if (!Uri.TryCreate(hub, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            environment.Error.WriteLine($"webchat: --hub '{hub}' is not an http(s) URL: give the hub's address, e.g. --hub http://127.0.0.1:5000.");
            return null;
        }

        if (url.AbsolutePath == "/")
        {
            url = new Uri(url, EntryPoint);
        }

        return new HubConnection(url, providerId, token);
    }

    private string? Value(ParseResult parsed, Option<string> option, string variable, string what)
    {
        var value = parsed.GetValue(option) ?? environment.Variable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            environment.Error.WriteLine($"webchat: {option.Name} is missing: pass {what}, or set {variable}.");
            return null;
        }

        return value;
    }
}

/// <summary>Where the hub's entry point is, and who this provider is there.</summary>
internal sealed record HubConnection(Uri HubUrl, string ProviderId, string Token);
