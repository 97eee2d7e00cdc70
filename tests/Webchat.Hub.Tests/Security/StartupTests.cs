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
            // The hub's first answer: requests that come while it starts wait for the store, and are answered once it is ready.
            using var admin = new HttpClient { BaseAddress = address };
            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestData.AdminApiKey);
            System.Text.Json.JsonElement employees;
            while (true)
            {
                try
                {
                    employees = await admin.GetJsonAsync("/api/employees");
                    break;
                }
                catch (HttpRequestException exception) when (exception.InnerException is SocketException && !starting.IsFaulted)
                {
                    await Task.Delay(20, ct);
                }
            }

            var owner = employees.EnumerateArray().Single(e => e.Text("email") == TestData.OwnerEmail);
            Assert.True(owner.GetProperty("administrator").GetBoolean());
            Assert.True(owner.GetProperty("hasPassword").GetBoolean());

            using var visitor = new SignInClient(address);
            Assert.Equal("/", await visitor.SignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword));
            using var ready = await visitor.Http.GetAsync("/health/ready", ct);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
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
