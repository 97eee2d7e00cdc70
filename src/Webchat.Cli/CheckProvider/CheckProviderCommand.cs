using System.CommandLine;
using Webchat.Cli.Common;

namespace Webchat.Cli.CheckProvider;

/// <summary><c>webchat check-provider URL --token T</c>: is this provider endpoint ready for the hub?</summary>
internal static class CheckProviderCommand
{
    /// <summary>The hub's own default for one call to a provider (Hub:Delivery:Timeout, DeliveryOptions.Timeout).</summary>
    private const int HubDeliveryTimeoutSeconds = 15;

    public static Command Create(CliEnvironment environment)
    {
        var url = new Argument<Uri>("url")
        {
            Description = "The provider's endpoint, as the integration's ProviderUrl names it (http or https).",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var value) && value.Scheme is "http" or "https")
                {
                    return value;
                }

                result.AddError($"The URL '{text}' must be absolute http or https, e.g. http://127.0.0.1:5080/planfix.");
                return null;
            },
        };
        var token = ProviderTokenOption.Create("The token the hub sends to this provider (the integration's ProviderToken).");
        var providerId = new Option<string>("--provider-id")
        {
            Description = "The providerId sent with each call.",
            DefaultValueFactory = _ => environment.Variable(HubConnectionOptions.ProviderIdVariable) ?? "webchat-check",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds the hub waits for one answer (its Hub:Delivery:Timeout); slower is a failure.",
            DefaultValueFactory = _ => HubDeliveryTimeoutSeconds,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 300)
            {
                result.AddError("--timeout must be between 1 and 300 seconds, as Hub:Delivery:Timeout is.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };

        var command = new Command("check-provider", "Checks a provider's endpoint against the protocol, playing the hub: prints a table (check, result, what was seen, how to fix); exits 0 only when every required check passes.")
        {
            url, token, providerId, timeout, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (ProviderTokenOption.Resolve(parsed, token, environment) is not { } tokenValue)
            {
                return ExitCodes.Usage;
            }

            var target = parsed.GetRequiredValue(url);
            using var sender = ProbeSender.Create(target, TimeSpan.FromSeconds(parsed.GetValue(timeout)));
            var checks = new ProviderChecks(sender, parsed.GetRequiredValue(providerId), tokenValue, TimeSpan.FromSeconds(parsed.GetValue(timeout)), environment.Error);
            var report = CheckReport.From(target, await checks.RunAsync(cancellationToken));
            await environment.Out.WriteAsync(parsed.GetValue(json) ? report.ToJson() + Environment.NewLine : report.ToTable());
            return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command.WithExamples(
            "webchat check-provider http://127.0.0.1:5080/planfix --token provider-secret-0123456789",
            "webchat check-provider https://chat.example.com/planfix_api.php --token \"$PROVIDER_TOKEN\" --json",
            "webchat check-provider http://127.0.0.1:5080/planfix --token T --timeout 5   # a hub with Hub:Delivery:Timeout=00:00:05");
    }
}
