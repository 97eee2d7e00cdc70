using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Webchat.Cli.Common;
using Webchat.Client;

namespace Webchat.Cli.Hub;

/// <summary>
/// Runs one command against the hub through the SDK's <see cref="WebchatClient"/>: the answer as JSON on
/// stdout, or one line on stderr saying what to fix, and the exit code of the error's kind.
/// </summary>
internal static class HubCall
{
    /// <summary>
    /// Makes <paramref name="command"/> a hub verb: it takes <c>--hub</c>, <c>--provider-id</c> and <c>--token</c>, and runs
    /// <paramref name="call"/> (which returns the answer as JSON) against that hub.
    /// </summary>
    public static void Bind(Command command, HubConnectionOptions hub, CliEnvironment environment, Func<ParseResult, WebchatClient, CancellationToken, Task<string>> call)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(hub);
        foreach (var option in hub.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parsed, cancellationToken) => hub.Resolve(parsed) is not { } connection
            ? Task.FromResult(ExitCodes.Usage)
            : RunAsync(connection, environment, (client, ct) => call(parsed, client, ct), cancellationToken));
    }

    private static async Task<int> RunAsync(
        HubConnection connection,
        CliEnvironment environment,
        Func<WebchatClient, CancellationToken, Task<string>> call,
        CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddWebchatClient(options =>
        {
            options.HubUrl = connection.HubUrl;
            options.ProviderId = connection.ProviderId;
            options.PlanfixToken = connection.Token;
            // A person at a terminal is waiting: two quick retries of a transient failure, then the error.
            options.MaxRetries = 2;
            options.RetryDelay = TimeSpan.FromMilliseconds(500);
        });
        await using var provider = services.BuildServiceProvider();
        try
        {
            await environment.Out.WriteLineAsync(await call(provider.GetRequiredService<WebchatClient>(), cancellationToken));
            return ExitCodes.Success;
        }
        catch (WebchatException exception)
        {
            await environment.Error.WriteLineAsync("webchat: " + Explain(exception, connection));
            return exception.Kind switch
            {
                WebchatErrorKind.InvalidToken => ExitCodes.InvalidToken,
                WebchatErrorKind.InvalidParameters => ExitCodes.Usage,
                _ => ExitCodes.Failure,
            };
        }
    }

    /// <summary>What went wrong, in the tool's terms: the option or variable that fixes it.</summary>
    private static string Explain(WebchatException exception, HubConnection connection)
    {
        var said = exception.StatusCode is { } status ? $"the hub answered {status}{(exception.Error is { } error ? " " + error : string.Empty)}" : null;
        return exception.Kind switch
        {
            WebchatErrorKind.InvalidToken =>
                $"{said}: check --token ({HubConnectionOptions.TokenVariable}) and --provider-id ({HubConnectionOptions.ProviderIdVariable}) against the integration's PlanfixToken and ProviderId.",
            WebchatErrorKind.InvalidParameters =>
                $"{said}: a required field is missing or too long, or the message id is not one the hub sent (see the verb's --help).",
            WebchatErrorKind.TaskNotFound => $"{said}: the chat has no task at the hub; a chat's first message (webchat send) opens one.",
            WebchatErrorKind.UnknownContact => $"{said}: the hub has not seen this contact; a message from it (webchat send) or update-contact makes it.",
            _ when said is null =>
                $"could not reach the hub at {connection.HubUrl} ({OneLine(exception.InnerException?.Message ?? exception.Message)}): is it running there? Check --hub ({HubConnectionOptions.HubVariable}).",
            _ when exception.StatusCode == 200 =>
                $"{connection.HubUrl} answered 200 but not as the protocol's hub does: is --hub ({HubConnectionOptions.HubVariable}) the hub's address?",
            _ => $"{said}: the hub cannot take the command now; run it again later.",
        };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
