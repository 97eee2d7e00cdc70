using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Webchat.Cli.Common;

/// <summary>An "Examples:" section at the end of each verb's <c>--help</c>.</summary>
internal static class Examples
{
    private static readonly ConditionalWeakTable<Command, string[]> ByCommand = [];

    public static T WithExamples<T>(this T command, params string[] examples)
        where T : Command
    {
        ByCommand.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>Makes the root's help option (which every verb inherits) write the examples after the options.</summary>
    public static void ShowInHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithExamplesAction((SynchronousCommandLineAction)help.Action!);
    }

    /// <summary>System.CommandLine's own help, then the command's examples.</summary>
    private sealed class WithExamplesAction(SynchronousCommandLineAction help) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            if (ByCommand.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            return exitCode;
        }
    }
}
