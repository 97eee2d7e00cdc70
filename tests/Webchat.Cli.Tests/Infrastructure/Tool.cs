using System.Text.RegularExpressions;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Cli;
using Webchat.Cli.Common;

namespace Webchat.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>webchat</c> in-process through its entry point, with its own stdout, stderr and environment
/// variables (none of the test runner's), as a shell would run it.
/// </summary>
public static class Tool
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? variables, params string[] args)
    {
        var run = Start(variables, args, TestContext.Current.CancellationToken);
        return await run.Completion;
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Starts a long-running verb (<c>listen</c>); it stops when <paramref name="stop"/> is cancelled.</summary>
    public static CliRun Start(IReadOnlyDictionary<string, string>? variables, IReadOnlyList<string> args, CancellationToken stop)
    {
        var output = new CapturedWriter();
        var error = new CapturedWriter();
        var environment = new CliEnvironment(
            output,
            error,
            name => variables is not null && variables.TryGetValue(name, out var value) ? value : null);
        return new CliRun(output, error, Task.Run(async () =>
        {
            var exitCode = await WebchatCli.RunAsync(args, environment, stop);
            return new CliResult(exitCode, output.ToString(), error.ToString());
        }, CancellationToken.None));
    }
}

/// <summary>A finished run: exit code, stdout, stderr.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>A run still going: its output so far, and its end.</summary>
public sealed class CliRun(CapturedWriter output, CapturedWriter error, Task<CliResult> completion)
{
    public Task<CliResult> Completion => completion;

    public string Out => output.ToString();

    public string Error => error.ToString();

    /// <summary>Waits until stdout (or stderr) matches <paramref name="pattern"/>, failing with the output so far.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, bool onStderr = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var match = Match.Empty;
        await Eventually.TrueAsync(
            () => Task.FromResult((match = pattern.Match(onStderr ? Error : Out)).Success || completion.IsCompleted),
            () => $"webchat to print {pattern}\n--- stdout\n{Out}\n--- stderr\n{Error}");
        return match.Success ? match : throw new InvalidOperationException($"webchat ended before printing {pattern}:\n{await completion}");
    }
}
