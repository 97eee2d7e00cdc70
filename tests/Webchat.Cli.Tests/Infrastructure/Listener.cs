using System.Text.RegularExpressions;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests.Infrastructure;

/// <summary><c>webchat listen</c> running in-process on a free loopback port until the test ends.</summary>
public sealed partial class Listener : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;

    private Listener(CliRun run, CancellationTokenSource stop, Uri url)
    {
        Run = run;
        _stop = stop;
        Url = url;
    }

    public CliRun Run { get; }

    /// <summary>The endpoint, as the hub's ProviderUrl names it.</summary>
    public Uri Url { get; }

    public static async Task<Listener> StartAsync(string token = TestData.ProviderToken)
    {
        var stop = new CancellationTokenSource();
        var run = Tool.Start(null, ["listen", "--port", "0", "--token", token], stop.Token);
        var listening = await run.WaitForAsync(ListeningLine(), onStderr: true);
        return new Listener(run, stop, new Uri(listening.Groups[1].Value));
    }

    /// <summary>Stops it as Ctrl+C would: its exit code and output.</summary>
    public async Task<CliResult> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.Completion;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    [GeneratedRegex(@"Listening on (http://\S+) ")]
    private static partial Regex ListeningLine();
}
