using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;
using Webchat.Hub.Integrations;

namespace Webchat.Hub.Storage;

/// <summary>
/// Brings the store up to date before the hub serves requests: applies migrations, creates the
/// number sequences, and stores the configured integrations and employees. It runs once the server
/// has bound its port (<see cref="StartedAsync"/>): a hub that cannot listen never touches the schema.
/// Requests wait for it through <see cref="StoreReadiness"/>.
/// </summary>
internal sealed partial class StoreInitializer(
    IDbContextFactory<HubDbContext> contexts,
    IOptions<HubOptions> options,
    IntegrationRegistry registry,
    StoreReadiness readiness,
    ILogger<StoreInitializer> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
            readiness.Ready();
        }
        catch (Exception exception)
        {
            readiness.Failed(exception);
            throw;
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var hub = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            throw new HubConfigurationException($"The store cannot be opened (Hub:Storage:Provider={hub.Storage.Provider}, ConnectionStrings:Hub): {exception.Message}");
        }

        if (db is SqliteHubDbContext)
        {
            // WAL lets readers run beside the writer; it stays set in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await EnsureCounterAsync(db, Counter.TaskNumbers, hub.Numbering.FirstTaskNumber, cancellationToken);
        await EnsureCounterAsync(db, Counter.ContactNumbers, hub.Numbering.FirstContactNumber, cancellationToken);

        var employees = await db.Employees.ToDictionaryAsync(e => e.Email, StringComparer.OrdinalIgnoreCase, cancellationToken);
        foreach (var configured in hub.Employees)
        {
            if (!employees.TryGetValue(configured.Email, out var employee))
            {
                employee = new Employee { Email = configured.Email, Name = configured.Name };
                db.Employees.Add(employee);
                employees[configured.Email] = employee;
            }

            employee.Name = configured.Name;
            employee.LastName = configured.LastName;
            employee.Ico = configured.Ico;
        }

        var integrations = await db.Integrations.ToDictionaryAsync(i => i.ProviderId, StringComparer.Ordinal, cancellationToken);
        foreach (var configured in hub.Integrations)
        {
            if (!integrations.ContainsKey(configured.ProviderId))
            {
                var integration = new Integration { ProviderId = configured.ProviderId };
                db.Integrations.Add(integration);
                integrations[configured.ProviderId] = integration;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        registry.Load(
            hub.Integrations.Select(i => new ConnectedIntegration(integrations[i.ProviderId].Id, i)),
            employees.Values);
        LogReady(logger, db.Database.ProviderName ?? "?", hub.Integrations.Count, hub.Employees.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task EnsureCounterAsync(HubDbContext db, string name, long first, CancellationToken cancellationToken)
    {
        if (await db.Counters.FindAsync([name], cancellationToken) is null)
        {
            db.Counters.Add(new Counter { Name = name, Next = first });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Store ready ({Provider}): {Integrations} integrations, {Employees} employees")]
    private static partial void LogReady(ILogger logger, string provider, int integrations, int employees);
}
