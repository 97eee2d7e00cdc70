using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Configuration;

/// <summary>
/// The hub process that cannot start says why in one line naming the setting, exits with 2, and has not
/// touched the store's schema. Before, these ended in stack traces, and a second hub on a taken port
/// migrated the database before it failed.
/// </summary>
public sealed class StartupFailureTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_port_already_in_use_stops_the_hub_before_it_touches_the_store(StoreKind store)
    {
        await using var testStore = await TestStore.CreateAsync(store);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var settings = TestData.Settings();
        settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var (exitCode, output) = await HubProcess.RunUntilExitAsync(testStore, settings);

        AssertRefusedInOneLine(exitCode, output, "address already in use");
        Assert.Contains("--urls", output, StringComparison.Ordinal);
        Assert.Empty(await MigrationsAsync(testStore));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_uploads_folder_that_cannot_be_made_stops_the_hub_naming_the_setting(StoreKind store)
    {
        await using var testStore = await TestStore.CreateAsync(store);
        var blocker = Path.GetTempFileName();
        try
        {
            var settings = TestData.Settings();
            settings["Hub:Uploads:Folder"] = Path.Combine(blocker, "uploads");

            var (exitCode, output) = await HubProcess.RunUntilExitAsync(testStore, settings);

            AssertRefusedInOneLine(exitCode, output, "Hub:Uploads:Folder");
            Assert.Empty(await MigrationsAsync(testStore));
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task A_SQLite_path_whose_folder_cannot_be_made_stops_the_hub_naming_the_setting()
    {
        await using var testStore = await TestStore.CreateAsync(StoreKind.Sqlite);
        var blocker = Path.GetTempFileName();
        try
        {
            var settings = TestData.Settings();
            settings["ConnectionStrings:Hub"] = $"Data Source={Path.Combine(blocker, "data", "hub.db")}";

            var (exitCode, output) = await HubProcess.RunUntilExitAsync(testStore, settings);

            AssertRefusedInOneLine(exitCode, output, "ConnectionStrings:Hub");
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Outside_Development_a_hub_without_a_public_url_does_not_start(StoreKind store)
    {
        await using var testStore = await TestStore.CreateAsync(store);
        var settings = TestData.Settings();
        settings["Hub:PublicUrl"] = null;

        var (exitCode, output) = await HubProcess.RunUntilExitAsync(testStore, settings);

        AssertRefusedInOneLine(exitCode, output, "Hub:PublicUrl must be set outside Development");
        Assert.Empty(await MigrationsAsync(testStore));
    }

    private static void AssertRefusedInOneLine(int exitCode, string output, string naming)
    {
        Assert.Equal(2, exitCode);
        var refusal = Assert.Single(output.Split('\n'), line => line.StartsWith("The hub cannot start: ", StringComparison.Ordinal));
        Assert.Contains(naming, refusal + output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<List<string>> MigrationsAsync(TestStore store)
    {
        await using var db = store.OpenContext();
        return [.. await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)];
    }
}
