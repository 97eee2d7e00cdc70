using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Configuration;

/// <summary>
/// What an operator needs once the hub is up: where it listens, which store it uses and where, where
/// the APIs are, and a warning for each thing configured by half. Secrets are never named.
/// </summary>
internal static partial class StartupReport
{
    public static void LogWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Webchat.Hub.Startup");
            var hub = app.Services.GetRequiredService<IOptions<HubOptions>>().Value;
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var first = addresses.FirstOrDefault()?.TrimEnd('/') ?? "?";
            var version = typeof(StartupReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            var listening = string.Join(", ", addresses);
            var location = StoreLocation(hub.Storage.Provider, app.Configuration.GetConnectionString(StorageSetup.ConnectionStringName));
            LogListening(logger, version, listening, app.Environment.EnvironmentName);
            LogStore(logger, hub.Storage.Provider, location);
            LogEndpoints(logger, first);
            if (hub.ApiKeys.Count == 0)
            {
                LogNoApiKeys(logger);
            }

            if (hub.Integrations.Count == 0)
            {
                LogNoIntegrations(logger);
            }

            for (var i = 0; i < hub.Integrations.Count; i++)
            {
                if (hub.Integrations[i].ProviderUrl is null)
                {
                    LogNoProviderUrl(logger, i, hub.Integrations[i].ProviderId);
                }
            }

            if (hub.PublicUrl is null)
            {
                LogNoPublicUrl(logger);
            }
            else if (!app.Environment.IsDevelopment() && hub.PublicUrl.Scheme != Uri.UriSchemeHttps)
            {
                LogPlainHttp(logger, hub.PublicUrl.AbsoluteUri);
            }

            var settingsFile = Path.Combine(app.Environment.ContentRootPath, "appsettings.json");
            if (!File.Exists(settingsFile))
            {
                LogNoSettingsFile(logger, app.Environment.ContentRootPath);
            }
        });
    }

    /// <summary>The SQLite file, or PostgreSQL's host and database: never a password.</summary>
    private static string StoreLocation(StorageProvider provider, string? connectionString)
    {
        if (provider == StorageProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{postgres.Host}:{postgres.Port}/{postgres.Database}";
        }

        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=data/webchat.db" : connectionString);
        return Path.GetFullPath(sqlite.DataSource);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webchat hub {Version} listening on {Addresses} ({Environment})")]
    private static partial void LogListening(ILogger logger, string version, string addresses, string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store: {Provider} at {Location}")]
    private static partial void LogStore(ILogger logger, StorageProvider provider, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Providers post to {Base}/webchat/api; the operator API is {Base}/api (OpenAPI: {Base}/openapi/v1.json); health: {Base}/health/ready")]
    private static partial void LogEndpoints(ILogger logger, string @base);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub:ApiKeys is empty: the operator API refuses every request until a key is set")]
    private static partial void LogNoApiKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub:Integrations is empty: every provider's command is refused until an integration is set")]
    private static partial void LogNoIntegrations(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub:Integrations:{Index}:ProviderUrl is not set for '{ProviderId}': replies to its chats cannot be delivered")]
    private static partial void LogNoProviderUrl(ILogger logger, int index, string providerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub:PublicUrl {PublicUrl} is not HTTPS: sign-in cookies and passwords cross the network in the clear; serve the hub over HTTPS (a TLS proxy, see Hub:ForwardedHeaders)")]
    private static partial void LogPlainHttp(ILogger logger, string publicUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No appsettings.json in {Folder} (the content root): its log levels and AllowedHosts are not applied; start the hub from its own folder, or set --contentRoot")]
    private static partial void LogNoSettingsFile(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub:PublicUrl is not set: links to uploaded files follow the address each request came to (allowed in Development only)")]
    private static partial void LogNoPublicUrl(ILogger logger);
}
