using System.Net;
using Microsoft.Extensions.Options;

namespace Webchat.Hub.Proxies;

/// <summary>
/// <c>Hub:ForwardedHeaders</c>: the reverse proxies (a TLS terminator, a load balancer) whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the hub believes. None listed: the headers are ignored,
/// so nobody who reaches the hub directly can choose the address it sees or pass plain HTTP off as HTTPS.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Hub:ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Whether any proxy is trusted.</summary>
    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>Checks <c>Hub:ForwardedHeaders</c> at start, naming each entry that is no address or network.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{ProxyOptions.SectionName}:KnownProxies:{i} must be an IP address, e.g. 10.0.0.5.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"{ProxyOptions.SectionName}:KnownNetworks:{i} must be a network in CIDR form, e.g. 10.0.0.0/24.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
