using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// The hub as a real operating-system process: <c>dotnet Webchat.Hub.dll</c>, configured through
/// environment variables as an operator would, on a free loopback port, over a test's store. It can
/// be killed outright (SIGKILL: no shutdown, no flush, as a crash or a power cut of the process).
/// </summary>
public sealed partial class HubProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Whether the process has ended (killed, or stopped on its own).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The hub's build output. The test project references the hub, so its <c>Webchat.Hub.dll</c> and
    /// <c>Webchat.Hub.runtimeconfig.json</c> are copied beside the tests, with every package they use.
    /// </summary>
    public static string HubDll
    {
        get
        {
            var dll = typeof(HubSetup).Assembly.Location;
            var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
            if (!File.Exists(runtimeConfig))
            {
                throw new InvalidOperationException($"{runtimeConfig} is missing: 'dotnet {dll}' cannot run without it. Is the hub still an executable project?");
            }

            return dll;
        }
    }

    /// <summary>
    /// Starts the hub over <paramref name="store"/> with <paramref name="settings"/> (configuration keys) and waits until it listens;
    /// from <paramref name="workingDirectory"/> when given, else from its own folder.
    /// </summary>
    public static async Task<HubProcess> StartAsync(TestStore store, IReadOnlyDictionary<string, string?> settings, string? workingDirectory = null)
    {
        var hub = Launch(store, settings, workingDirectory);
        try
        {
            if (!await hub.ListensBeforeExitAsync())
            {
                throw new InvalidOperationException($"The hub exited with {hub._process.ExitCode} before it listened:\n{hub.Output}");
            }

            hub.BaseAddress = await hub._listening.Task;
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the hub until it exits on its own (it refuses its configuration, say): its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(TestStore store, IReadOnlyDictionary<string, string?> settings)
    {
        await using var hub = Launch(store, settings);
        if (await hub.ListensBeforeExitAsync())
        {
            throw new InvalidOperationException($"The hub started and listens on {await hub._listening.Task}; it was expected to refuse to start:\n{hub.Output}");
        }

        // Exited: its output may still be in the pipes until the process object has drained them.
        await hub._process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (hub._process.ExitCode, hub.Output);
    }

    public ProviderClient Provider(string token = TestData.Token) => new(new HttpClient { BaseAddress = BaseAddress }, token);

    /// <summary>A client of the operator API, with the default key.</summary>
    public HttpClient Operator()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestData.ApiKey);
        return client;
    }

    /// <summary>Starts <paramref name="count"/> hubs at the same moment over one store, as a load balancer's pool would be.</summary>
    public static async Task<HubCluster> StartManyAsync(int count, TestStore store, IReadOnlyDictionary<string, string?> settings)
    {
        var starting = Enumerable.Range(0, count).Select(_ => StartAsync(store, settings)).ToList();
        try
        {
            return new HubCluster(await Task.WhenAll(starting));
        }
        catch
        {
            await new HubCluster([.. starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result)]).DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// <summary>True once the hub listens, false when it exits first; throws, with its output, when it does neither in time.</summary>
    private async Task<bool> ListensBeforeExitAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(_listening.Task, exited);
        if (first == _listening.Task)
        {
            return true;
        }

        if (exited.IsCanceled)
        {
            throw new TimeoutException($"The hub neither listened nor exited within {StartTimeout}:\n{Output}");
        }

        return false;
    }

    private static HubProcess Launch(TestStore store, IReadOnlyDictionary<string, string?> settings, string? workingDirectory = null)
    {
        var dll = HubDll;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);

        // Nothing of the test runner's own environment may configure the hub: only what the test says.
        foreach (var inherited in start.Environment.Keys.Where(IsHubSetting).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Hub__Storage__Provider"] = store.Kind.ToString();
        start.Environment["ConnectionStrings__Hub"] = store.ConnectionString;
        // Required outside Development; these tests fetch no uploaded file.
        start.Environment["Hub__PublicUrl"] = "http://127.0.0.1/";
        foreach (var (key, value) in settings)
        {
            // A null value takes the setting away.
            if (value is null)
            {
                start.Environment.Remove(key.Replace(":", "__", StringComparison.Ordinal));
            }
            else
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var hub = new HubProcess(new Process { StartInfo = start });
        hub._process.OutputDataReceived += (_, line) => hub.Take(line.Data);
        hub._process.ErrorDataReceived += (_, line) => hub.Take(line.Data);
        hub._process.Start();
        hub._process.BeginOutputReadLine();
        hub._process.BeginErrorReadLine();
        return hub;
    }

    private static bool IsHubSetting(string variable) =>
        variable.StartsWith("Hub__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
        || variable.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || variable.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase);

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}

/// <summary>Hub processes over one store, killed together at the end of the test.</summary>
public sealed class HubCluster(IReadOnlyList<HubProcess> hubs) : IAsyncDisposable
{
    public IReadOnlyList<HubProcess> Hubs => hubs;

    public HubProcess this[int index] => hubs[index];

    public int Count => hubs.Count;

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }
    }
}
