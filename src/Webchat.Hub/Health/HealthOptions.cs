using Microsoft.Extensions.Options;

namespace Webchat.Hub.Health;

/// <summary><c>Hub:Health</c>: when <c>/health/ready</c> says the hub is not ready.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Hub:Health";

    /// <summary>The oldest a delivery may be overdue (due, not yet sent) before the hub reports itself unready.</summary>
    public TimeSpan MaxDeliveryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The share of <c>Hub:Storage:MaxQueuedWrites</c> the writer's queue may fill before the hub reports itself unready.</summary>
    public double MaxWriteQueueShare { get; set; } = 0.8;
}

/// <summary>Checks <c>Hub:Health</c> at start.</summary>
public sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxDeliveryDelay < TimeSpan.FromSeconds(1) || options.MaxDeliveryDelay > TimeSpan.FromDays(7))
        {
            failures.Add($"{HealthOptions.SectionName}:MaxDeliveryDelay must be between 00:00:01 and 7.00:00:00.");
        }

        if (options.MaxWriteQueueShare is <= 0 or > 1)
        {
            failures.Add($"{HealthOptions.SectionName}:MaxWriteQueueShare must be more than 0 and at most 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
