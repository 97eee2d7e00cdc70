using Microsoft.Extensions.Options;

namespace Webchat.Hub.RateLimits;

/// <summary>
/// <c>Hub:RateLimits</c>: how fast one caller may go, so that a hostile or buggy provider or script
/// cannot slow everyone. Token buckets: <see cref="RateLimit.Burst"/> requests at once, refilled at
/// <see cref="RateLimit.PermitsPerSecond"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Hub:RateLimits";

    /// <summary>Commands of one integration on <c>/webchat/api</c>, counted once its token is known.</summary>
    public RateLimit PerIntegration { get; set; } = new() { PermitsPerSecond = 2_000, Burst = 5_000 };

    /// <summary>Requests to <c>/webchat/api</c> from one client address, counted before the token is read.</summary>
    public RateLimit PerAddress { get; set; } = new() { PermitsPerSecond = 5_000, Burst = 10_000 };

    /// <summary>Requests of one API key to <c>/api</c>.</summary>
    public RateLimit PerApiKey { get; set; } = new() { PermitsPerSecond = 1_000, Burst = 2_000 };

    /// <summary>Console sign-in attempts a minute from one client address.</summary>
    public int SignIn { get; set; } = 10;

    /// <summary>The most connections the server keeps open at once.</summary>
    public int MaxConnections { get; set; } = 10_000;
}

/// <summary>One token bucket.</summary>
public sealed class RateLimit
{
    public int PermitsPerSecond { get; set; }

    public int Burst { get; set; }
}

/// <summary>Checks <c>Hub:RateLimits</c> at start, naming each bad setting.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options.PerIntegration, nameof(RateLimitOptions.PerIntegration), failures);
        Check(options.PerAddress, nameof(RateLimitOptions.PerAddress), failures);
        Check(options.PerApiKey, nameof(RateLimitOptions.PerApiKey), failures);
        if (options.SignIn is < 1 or > 10_000)
        {
            failures.Add($"{RateLimitOptions.SectionName}:SignIn must be between 1 and 10000 (sign-in attempts a minute from one address).");
        }

        if (options.MaxConnections is < 1 or > 1_000_000)
        {
            failures.Add($"{RateLimitOptions.SectionName}:MaxConnections must be between 1 and 1000000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(RateLimit limit, string name, List<string> failures)
    {
        if (limit.PermitsPerSecond is < 1 or > 1_000_000)
        {
            failures.Add($"{RateLimitOptions.SectionName}:{name}:PermitsPerSecond must be between 1 and 1000000.");
        }

        if (limit.Burst is < 1 or > 1_000_000)
        {
            failures.Add($"{RateLimitOptions.SectionName}:{name}:Burst must be between 1 and 1000000.");
        }
    }
}
