using Microsoft.Data.Sqlite;
using Npgsql;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>The stores every storage test runs on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>Theory data: each storage test runs once per store.</summary>
public static class Stores
{
    public static TheoryData<StoreKind> Both => [StoreKind.Sqlite, StoreKind.Postgres];
}

/// <summary>
/// A fresh, empty database for one test: a SQLite file in a temp folder, or a PostgreSQL database
/// created on the cluster named by <c>WEBCHAT_TEST_POSTGRES</c> (which <c>.ci/run</c> starts).
/// It outlives hub restarts within the test and is deleted on dispose.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string PostgresVariable = "WEBCHAT_TEST_POSTGRES";

    private readonly string? _sqliteFolder;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresDatabase;

    private TestStore(StoreKind kind, string connectionString, string? sqliteFolder, string? postgresAdmin, string? postgresDatabase)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _sqliteFolder = sqliteFolder;
        _postgresAdmin = postgresAdmin;
        _postgresDatabase = postgresDatabase;
    }

    public StoreKind Kind { get; }

    public string ConnectionString { get; }

    public static async Task<TestStore> CreateAsync(StoreKind kind)
    {
        if (kind == StoreKind.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("webchat-test-").FullName;
            return new TestStore(kind, $"Data Source={Path.Combine(folder, "hub.db")}", folder, null, null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"PostgreSQL tests need {PostgresVariable}: an Npgsql connection string to a cluster where databases may be created. "
                + "Run the tests with 'bash .ci/run', which starts a throwaway cluster and sets it.");
        }

        var database = "webchat_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
        return new TestStore(kind, connectionString, null, admin, database);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteFolder, recursive: true);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgresAdmin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
