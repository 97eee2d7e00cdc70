using Microsoft.Extensions.Options;

namespace Webchat.Client;

/// <summary>Names every missing or wrong <c>Webchat</c> setting at once, with the key to fix.</summary>
internal sealed class WebchatOptionsValidator : IValidateOptions<WebchatOptions>
{
    public ValidateOptionsResult Validate(string? name, WebchatOptions options)
    {
        var failures = new List<string>();
        if (options.HubUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Webchat:HubUrl must be the hub's absolute http(s) entry-point URL, e.g. http://127.0.0.1:5000/webchat/api.");
        }

        if (string.IsNullOrWhiteSpace(options.ProviderId))
        {
            failures.Add("Webchat:ProviderId is missing: set the provider's identifier at the hub.");
        }
        else if (options.ProviderId.Contains('~', StringComparison.Ordinal))
        {
            failures.Add("Webchat:ProviderId must not contain '~'.");
        }

        if (string.IsNullOrWhiteSpace(options.PlanfixToken))
        {
            failures.Add("Webchat:PlanfixToken is missing: set the key the hub gave this integration.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Webchat:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.FromMilliseconds(1) || options.RetryDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add("Webchat:RetryDelay must be between 00:00:00.001 and 00:05:00.");
        }

        if (options.AttemptTimeout < TimeSpan.FromMilliseconds(10) || options.AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Webchat:AttemptTimeout must be between 00:00:00.010 and 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
