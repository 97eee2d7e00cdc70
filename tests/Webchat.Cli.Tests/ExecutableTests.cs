using System.Diagnostics;
using System.Text.Json;
using Webchat.Cli.Common;
using Webchat.Cli.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Cli.Tests;

/// <summary>
/// The built tool as a real process (<c>dotnet Webchat.Cli.dll</c>, as the installed <c>webchat</c> runs it):
/// real exit codes, real stdout and stderr, variables from the process environment.
/// </summary>
public sealed class ExecutableTests
{
    [Fact]
    public async Task The_executable_sends_to_the_hub_from_its_environment_and_exits_with_the_errors_code()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        var variables = new Dictionary<string, string>
        {
            ["WEBCHAT_HUB"] = hub.BaseAddress.ToString(),
            ["WEBCHAT_PROVIDER_ID"] = TestData.ProviderId,
            ["WEBCHAT_TOKEN"] = TestData.Token,
        };

        var sent = await RunAsync(variables, "send", "--chat-id", "chat-1", "--contact-id", "visitor-1", "--contact-name", "Иван", "--message", "Здравствуйте 👋");
        var wrongToken = await RunAsync(variables, "get-task", "--chat-id", "chat-1", "--token", "wrong-token-0123456789");
        var help = await RunAsync(variables, "status", "--help");

        Assert.True(sent.ExitCode == 0, sent.ToString());
        using (var answer = JsonDocument.Parse(sent.Out))
        {
            Assert.Equal(1, answer.RootElement.GetProperty("taskNumber").GetInt64());
        }

        var task = await hub.OperatorGetAsync("/api/tasks/1");
        Assert.Equal("Здравствуйте 👋", task.GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal(3, wrongToken.ExitCode);
        Assert.Contains("Invalid token", wrongToken.Error, StringComparison.Ordinal);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Examples:", help.Out, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var dll = typeof(ExitCodes).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("WEBCHAT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
