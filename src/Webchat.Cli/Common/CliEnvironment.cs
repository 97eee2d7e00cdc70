namespace Webchat.Cli.Common;

/// <summary>
/// What the tool reads and writes outside its arguments: stdout, stderr and environment variables.
/// Tests run the tool in-process with their own writers and variables.
/// </summary>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable, bool HandlesTermination = false)
{
    /// <summary>The real process: the console, the process's environment, Ctrl+C stops a running verb.</summary>
    public static CliEnvironment Process() =>
        new(Console.Out, Console.Error, Environment.GetEnvironmentVariable, HandlesTermination: true);
}
