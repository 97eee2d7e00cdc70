using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Uploads;

/// <summary><c>Hub:Uploads</c>: files employees upload with their replies.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Hub:Uploads";

    /// <summary>Where the files are kept; a relative path is under the hub's working folder, beside the SQLite store's <c>data/</c>.</summary>
    public string Folder { get; set; } = "data/uploads";

    public long MaxFileBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>How many files one reply may carry.</summary>
    public int MaxFiles { get; set; } = 10;

    public string FullFolder => Path.GetFullPath(Folder);
}

/// <summary>Checks <c>Hub:Uploads</c> at start, naming each bad setting.</summary>
public sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string path = UploadOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.Folder))
        {
            failures.Add($"{path}:Folder must name a folder.");
        }
        else if (WritableFolder.Problem(options.FullFolder) is { } problem)
        {
            failures.Add($"{path}:Folder '{options.FullFolder}' cannot be written: {problem}");
        }

        if (options.MaxFileBytes is < 1 or > 2L * 1024 * 1024 * 1024)
        {
            failures.Add($"{path}:MaxFileBytes must be between 1 and 2147483648.");
        }

        if (options.MaxFiles is < 1 or > 100)
        {
            failures.Add($"{path}:MaxFiles must be between 1 and 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
