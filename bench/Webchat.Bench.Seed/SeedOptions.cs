using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;

namespace Webchat.Bench.Seed;

/// <summary>What to seed, read from the command line.</summary>
internal sealed record SeedOptions(string Store, string Connection, string ProviderId, string Prefix, long Chats, long Messages)
{
    public const string Usage =
        "usage: Webchat.Bench.Seed --store sqlite|postgres --connection <connection string> "
        + "[--provider-id benchchat] [--prefix seed-] [--chats 100000] [--messages 1000000]";

    public bool IsPostgres => Store == "postgres";

    public static bool TryParse(string[] args, out SeedOptions options, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--provider-id"] = "benchchat",
            ["--prefix"] = "seed-",
            ["--chats"] = "100000",
            ["--messages"] = "1000000",
        };
        options = new SeedOptions("", "", "", "", 0, 0);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                problem = $"'{args[i]}' is not an option with a value";
                return false;
            }

            values[args[i]] = args[i + 1];
        }

        if (!values.TryGetValue("--store", out var store) || store is not ("sqlite" or "postgres"))
        {
            problem = "--store must be sqlite or postgres";
            return false;
        }

        if (!values.TryGetValue("--connection", out var connection) || string.IsNullOrWhiteSpace(connection))
        {
            problem = "--connection is required";
            return false;
        }

        if (!long.TryParse(values["--chats"], NumberStyles.None, CultureInfo.InvariantCulture, out var chats) || chats < 1
            || !long.TryParse(values["--messages"], NumberStyles.None, CultureInfo.InvariantCulture, out var messages))
        {
            problem = "--chats must be 1 or more and --messages 0 or more";
            return false;
        }

        options = new SeedOptions(store, connection, values["--provider-id"], values["--prefix"], chats, messages);
        problem = null;
        return true;
    }

    /// <summary>The hub's own context for the store, so the schema is exactly what its migrations make.</summary>
    public HubDbContext CreateContext()
    {
        if (IsPostgres)
        {
            return new PostgresHubDbContext(new DbContextOptionsBuilder<PostgresHubDbContext>().UseNpgsql(Connection).Options);
        }

        return new SqliteHubDbContext(new DbContextOptionsBuilder<SqliteHubDbContext>().UseSqlite(Connection).Options);
    }
}
