using System.Text.Json;
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
    public static async Task<int> RunAsync<T>(
        HubConnection connection,
        CliEnvironment environment,
        Func<WebchatClient, CancellationToken, Task<T>> call,
        Func<T, string> toJson,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(toJson);

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
            var answer = await call(provider.GetRequiredService<WebchatClient>(), cancellationToken);
            await environment.Out.WriteLineAsync(toJson(answer));
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

    /// <summary>The SDK's message, with the option or variable that fixes it.</summary>
    private static string Explain(WebchatException exception, HubConnection connection) => exception.Kind switch
    {
        WebchatErrorKind.InvalidToken =>
            $"the hub refused the token (Invalid token): check --token ({HubConnectionOptions.TokenVariable}) and --provider-id ({HubConnectionOptions.ProviderIdVariable}) against the integration's PlanfixToken and ProviderId.",
        WebchatErrorKind.InvalidParameters =>
            $"the hub refused the command (Invalid parameters): {OneLine(exception.Message)} See 'webchat <verb> --help'.",
        WebchatErrorKind.Unavailable =>
            $"could not get an answer from the hub at {connection.HubUrl}: {OneLine(exception.Message)} Is the hub running there? Check --hub ({HubConnectionOptions.HubVariable}).",
        _ => OneLine(exception.Message),
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
