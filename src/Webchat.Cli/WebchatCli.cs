using System.CommandLine;
using System.CommandLine.Invocation;
using Webchat.Cli.CheckProvider;
using Webchat.Cli.Common;
using Webchat.Cli.Hub;
using Webchat.Cli.Listen;

namespace Webchat.Cli;

/// <summary>The <c>webchat</c> tool: its verbs, and how a command line becomes an exit code.</summary>
internal static class WebchatCli
{
    private static RootCommand Build(CliEnvironment environment)
    {
        var hub = new HubConnectionOptions(environment);
        var root = new RootCommand("webchat: talk to a Planfix chat-protocol hub as a provider, listen as a provider, check a provider's endpoint.")
        {
            SendCommand.Create(hub, environment),
            LookupCommands.CreateGetTask(hub, environment),
            LookupCommands.CreateGetContact(hub, environment),
            UpdateContactCommand.Create(hub, environment),
            StatusCommand.Create(hub, environment),
            ListenCommand.Create(environment),
            CheckProviderCommand.Create(environment),
        };
        Examples.ShowInHelp(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>: 0 success, 1 failure, 2 bad usage, 3 invalid token.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parsed = Build(environment).Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            // One line per mistake and where to read more, instead of the whole help text.
            foreach (var error in parsed.Errors)
            {
                await environment.Error.WriteLineAsync($"webchat: {OneLine(error.Message)}");
            }

            await environment.Error.WriteLineAsync($"Run '{CommandPath(parsed)} --help' for the options and examples.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            ProcessTerminationTimeout = environment.HandlesTermination ? TimeSpan.FromSeconds(2) : null,
        };
        return await parsed.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>System.CommandLine lists allowed values one per line; the tool's errors are one line each.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string CommandPath(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand ? "webchat" : $"webchat {parsed.CommandResult.Command.Name}";
}
