using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Webchat.Hub;
using Webchat.Protocol;

namespace Webchat.Bench.Micro;

/// <summary>
/// A command through the whole hub (routing, form, command, store, answer) without a network: the
/// real hub on ASP.NET Core's in-memory test server over a SQLite file. One caller at a time, so a
/// newMessage pays a whole commit (fsync) of its own: the floor under the latency of one write.
/// </summary>
public class DispatchBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "webchat-micro-" + Guid.NewGuid().ToString("N"));
    private WebApplication _hub = null!;
    private HttpClient _client = null!;
    private readonly byte[] _newMessage = Samples.Body(Samples.NewMessage("micro-chat", "micro-contact"));
    private readonly byte[] _getTask = Samples.Body(new GetTaskCommand(Samples.ProviderId, "micro-chat"));

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_folder);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Storage:Provider"] = "Sqlite",
            ["ConnectionStrings:Hub"] = $"Data Source={Path.Combine(_folder, "hub.db")}",
            ["Hub:Employees:0:Email"] = "bench@example.com",
            ["Hub:Employees:0:Name"] = "Bench",
            ["Hub:Integrations:0:ProviderId"] = Samples.ProviderId,
            ["Hub:Integrations:0:PlanfixToken"] = Samples.Token,
            ["Hub:Integrations:0:OwnerEmail"] = "bench@example.com",
        });
        builder.AddHub();
        _hub = builder.Build();
        _hub.MapHub();
        await _hub.StartAsync();
        _client = _hub.GetTestClient();

        // The chat the benchmarks write to and read from.
        await PostAsync(_newMessage);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "newMessage to an existing chat (SQLite, one commit each)")]
    public Task<int> NewMessage() => PostAsync(_newMessage);

    [Benchmark(Description = "getTask (SQLite)")]
    public Task<int> GetTask() => PostAsync(_getTask);

    private async Task<int> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await _client.PostAsync(new Uri("/webchat/api", UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The hub answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (int)response.StatusCode;
    }
}
