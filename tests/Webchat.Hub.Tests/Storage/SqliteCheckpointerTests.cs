using Microsoft.Data.Sqlite;
using Webchat.Hub.Storage;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Storage;

public sealed class SqliteCheckpointerTests
{
    [Fact]
    public async Task Committed_messages_reach_the_database_file_in_the_background_not_only_its_log()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        for (var i = 0; i < 20; i++)
        {
            (await provider.CallAsync(TestData.Message(chatId: $"chat-{i}", contactId: $"contact-{i}"))).ShouldBeOk();
        }

        var databaseFile = new SqliteConnectionStringBuilder(hub.Store.ConnectionString).DataSource;
        Assert.Equal(0, MessagesInFileAlone(databaseFile));

        // The checkpointer runs on the hub's clock; until it does, the messages live only in the log.
        hub.Clock.Advance(SqliteCheckpointer.Interval);

        await Eventually.TrueAsync(() => MessagesInFileAlone(databaseFile) == 20, "the log to be checkpointed into the database file");
    }

    /// <summary>The messages a copy of the database file holds without its write-ahead log.</summary>
    private static long MessagesInFileAlone(string databaseFile)
    {
        var copy = Path.Combine(Path.GetDirectoryName(databaseFile)!, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(databaseFile, copy);
        try
        {
            using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            using var count = connection.CreateCommand();
            // Before any checkpoint even the tables are only in the log.
            count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'Messages'";
            if ((long)count.ExecuteScalar()! == 0)
            {
                return 0;
            }

            count.CommandText = "SELECT count(*) FROM Messages";
            return (long)count.ExecuteScalar()!;
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
