using System.Net;
using System.Net.Sockets;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Security;

/// <summary>A hub that has just started: its accounts are there from its first answer, and it says what it could not read.</summary>
public sealed class StartupTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_first_answer_of_a_starting_hub_already_knows_the_administrator_password(StoreKind store)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var data = await TestStore.CreateAsync(store);
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        // Not awaited: the hub is still starting while the visitor comes.
        var starting = HubHost.StartAsync(
            data,
            s =>
            {
                s["Hub:PublicUrl"] = address.ToString();
                s["Hub:Console:AdminEmail"] = TestData.OwnerEmail;
                s["Hub:Console:AdminPassword"] = ConsoleHub.OwnerPassword;
            },
            builder => builder.WebHost.UseUrls(address.ToString().TrimEnd('/')));
        try
        {
            using var visitor = new SignInClient(address);
            // The first page the hub answers (requests wait for the store: this one is answered when the hub is ready).
            while (true)
            {
                try
                {
                    using var ready = await visitor.Http.GetAsync("/health/ready", ct);
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                    break;
                }
                catch (HttpRequestException exception) when (exception.InnerException is SocketException && !starting.IsFaulted)
                {
                    await Task.Delay(20, ct);
                }
            }

            Assert.Equal("/", await visitor.SignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword));
        }
        finally
        {
            await (await starting).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_hub_started_from_another_folder_warns_that_it_runs_without_its_appsettings()
    {
        await using var data = await TestStore.CreateAsync(StoreKind.Sqlite);
        var elsewhere = Directory.CreateTempSubdirectory("webchat-cwd-").FullName;
        try
        {
            await using var hub = await HubProcess.StartAsync(data, new Dictionary<string, string?> { ["Hub:ApiKeys:0"] = TestData.ApiKey }, elsewhere);
            await Eventually.TrueAsync(() => Task.FromResult(hub.Output.Contains("No appsettings.json in", StringComparison.Ordinal)), () => $"a warning about appsettings.json; the output is:\n{hub.Output}");
            Assert.Contains($"No appsettings.json in {elsewhere}", hub.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
