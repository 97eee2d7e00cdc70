using Microsoft.Extensions.Options;

namespace Webchat.Hub.Attachments;

/// <summary><c>Hub:Attachments</c>: the copies the hub keeps of the files providers send.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Hub:Attachments";

    /// <summary>Whether the hub copies each inbound attachment into its own files.</summary>
    public bool Mirror { get; set; } = true;

    /// <summary>
    /// Whether files may be fetched from private, loopback, link-local or metadata addresses: only for
    /// providers on the hub's own network. Off, such an address is refused at every hop.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>The largest file copied; a larger one is left at the provider.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>How long one fetch may take, redirects included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many fetches of one file are tried before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed fetch; it doubles after each next one, up to an hour.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many files one hub fetches at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a hub's claim on a file holds: past it (the hub died), another hub fetches the file.</summary>
    internal TimeSpan LeaseTime => Timeout * 2 + TimeSpan.FromMinutes(1);

    /// <summary>The wait after the <paramref name="attempts"/>-th failed fetch.</summary>
    internal TimeSpan WaitAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, RetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}

/// <summary>Checks <c>Hub:Attachments</c> at start, naming each bad setting.</summary>
public sealed class AttachmentOptionsValidator : IValidateOptions<AttachmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AttachmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string path = AttachmentOptions.SectionName;
        if (options.MaxBytes is < 1 or > 2L * 1024 * 1024 * 1024)
        {
            failures.Add($"{path}:MaxBytes must be between 1 and 2147483648.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{path}:Timeout must be more than 0 and at most 01:00:00.");
        }

        if (options.MaxAttempts is < 1 or > 20)
        {
            failures.Add($"{path}:MaxAttempts must be between 1 and 20.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{path}:RetryDelay must be between 00:00:00 and 01:00:00.");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            failures.Add($"{path}:MaxConcurrency must be between 1 and 64.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
