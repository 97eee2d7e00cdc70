using Microsoft.Data.Sqlite;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Storage;

public sealed class StoreInitializerTests
{
    [Fact]
    public async Task The_hub_starts_on_an_existing_SQLite_file_that_is_not_in_WAL_mode_and_switches_it()
    {
        await using var store = await TestStore.CreateAsync(StoreKind.Sqlite);
        await using (var connection = new SqliteConnection(store.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=DELETE; CREATE TABLE Leftover (Id INTEGER);";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using (var hub = await HubHost.StartAsync(store))
        {
            using var provider = hub.Provider();
            (await provider.CallAsync(TestData.Message())).ShouldBeOk();
        }

        SqliteConnection.ClearAllPools();
        await using var check = new SqliteConnection(store.ConnectionString);
        await check.OpenAsync(TestContext.Current.CancellationToken);
        await using var mode = check.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await mode.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
