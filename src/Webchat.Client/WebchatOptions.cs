namespace Webchat.Client;

/// <summary>
/// The settings of the configuration section <c>Webchat</c>: where the hub is, who this provider is,
/// and the two keys of the integration.
/// </summary>
public sealed class WebchatOptions
{
    /// <summary>The configuration section the options are bound from: <c>Webchat</c>.</summary>
    public const string SectionName = "Webchat";

    /// <summary>The hub's full entry-point URL, e.g. <c>http://127.0.0.1:5000/webchat/api</c>.</summary>
    public Uri? HubUrl { get; set; }

    /// <summary>This provider's identifier at the hub (<c>providerId</c>); must not contain <c>~</c>.</summary>
    public string ProviderId { get; set; } = string.Empty;

    /// <summary>The key sent to the hub with every command (<c>planfix_token</c>).</summary>
    public string PlanfixToken { get; set; } = string.Empty;

    /// <summary>The key the hub sends with its calls to this provider (<c>token</c>); needed by <c>MapWebchatProvider</c>.</summary>
    public string ProviderToken { get; set; } = string.Empty;

    /// <summary>How many times a transient failure (connection error, timeout, 408, 429, 5xx) is retried. 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; it doubles with each retry (with jitter), unless the hub sends <c>Retry-After</c>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The limit for one attempt of a call to the hub.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
