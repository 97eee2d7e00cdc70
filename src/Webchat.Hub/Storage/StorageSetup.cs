using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Webchat.Hub.Configuration;
using Webchat.Hub.Delivery;
using Webchat.Hub.Live;

namespace Webchat.Hub.Storage;

public static class StorageSetup
{
    public const string ConnectionStringName = "Hub";

    private const string DefaultSqlitePath = "data/webchat.db";

    /// <summary>
    /// EF Core's warning about a row limit without an order would be logged on every inbox page: the inbox
    /// takes the first <c>FewMatches + 1</c> of a narrow filter's unordered candidates on purpose (only
    /// "how many, up to a bound" matters there; ordering them first would sort every one). Each page's own
    /// order is explicit, and its SQL is kept as a snapshot by the tests.
    /// </summary>
    private static void QuietWarnings(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning);

    /// <summary>Registers the store chosen by <c>Hub:Storage:Provider</c> and the writer in front of it.</summary>
    public static IHostApplicationBuilder AddHubStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var provider = ReadProvider(builder.Configuration[$"{HubOptions.SectionName}:Storage:Provider"]);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);

        switch (provider)
        {
            case StorageProvider.Sqlite:
                var sqlite = SqliteConnectionString(connectionString);
                services.AddPooledDbContextFactory<SqliteHubDbContext>(options => options
                    .UseSqlite(sqlite)
                    .ConfigureWarnings(QuietWarnings)
                    .AddInterceptors(new SqlitePragmas()));
                services.AddSingleton<IDbContextFactory<HubDbContext>, HubDbContextFactory<SqliteHubDbContext>>();
                break;
            case StorageProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new HubConfigurationException(
                        "Hub:Storage:Provider is Postgres but ConnectionStrings:Hub is empty: set it to an Npgsql connection string, e.g. 'Host=127.0.0.1;Database=webchat;Username=webchat;Password=…'.");
                }

                var postgres = PostgresConnectionString(connectionString);
                services.AddPooledDbContextFactory<PostgresHubDbContext>(options => options.UseNpgsql(postgres).ConfigureWarnings(QuietWarnings));
                services.AddSingleton<IDbContextFactory<HubDbContext>, HubDbContextFactory<PostgresHubDbContext>>();

                // Other hubs may share the database: wake-ups and live events travel between them.
                services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresNotifications>(sp, postgres));
                services.AddSingleton<IHubEventTransport>(sp => sp.GetRequiredService<PostgresNotifications>());
                services.AddSingleton<IDeliveryWakeTransport>(sp => sp.GetRequiredService<PostgresNotifications>());
                services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
                break;
        }

        services.AddSingleton<StoreReadiness>();
        services.AddSingleton<StoreWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreWriter>());
        services.AddHostedService<StoreInitializer>();
        if (provider == StorageProvider.Sqlite)
        {
            services.AddHostedService<SqliteCheckpointer>();
        }
        return builder;
    }

    /// <summary>Hub:Storage:Provider, Sqlite when unset; any other value stops the hub with a message that says what is allowed.</summary>
    private static StorageProvider ReadProvider(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? StorageProvider.Sqlite
        : Enum.TryParse<StorageProvider>(configured, ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : throw UnknownProvider(configured);

    private static HubConfigurationException UnknownProvider(string configured) =>
        new($"Hub:Storage:Provider '{configured}' is not known: use Sqlite or Postgres.");

    /// <summary>
    /// The PostgreSQL connection string, checked before anything starts, with the statements the hub
    /// runs again and again prepared on the server: Npgsql's automatic preparation, 64 statements
    /// unless <c>Max Auto Prepare</c> names a number.
    /// </summary>
    private static string PostgresConnectionString(string configured)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (ArgumentException exception)
        {
            throw new HubConfigurationException($"ConnectionStrings:Hub is not a PostgreSQL connection string ({exception.Message}): use e.g. 'Host=127.0.0.1;Database=webchat;Username=webchat;Password=…'.");
        }

        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    /// <summary>The SQLite connection string, defaulting to <c>data/webchat.db</c>, with its folder created.</summary>
    private static string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? $"Data Source={DefaultSqlitePath}" : configured);
        if (builder.Mode is not SqliteOpenMode.Memory && Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
        {
            // The store's file and its log live here: a folder that cannot be written is found now, before anything starts.
            if (WritableFolder.Problem(folder) is { } problem)
            {
                throw new HubConfigurationException($"ConnectionStrings:Hub names the SQLite file '{Path.GetFullPath(builder.DataSource)}', whose folder cannot be written: {problem}");
            }
        }

        // A writer waits for a lock instead of failing at once while another connection checkpoints.
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    private sealed class HubDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<HubDbContext>
        where TContext : HubDbContext
    {
        public HubDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<HubDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
