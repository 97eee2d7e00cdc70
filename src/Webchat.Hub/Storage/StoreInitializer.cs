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
/// Requests wait for it through <see cref="StoreReadiness"/>. On PostgreSQL, where several hubs may
/// start at once on one database, all of it runs under an advisory lock: one hub migrates and seeds,
/// the others wait and then find the work done.
/// </summary>
internal sealed partial class StoreInitializer(
    IDbContextFactory<HubDbContext> contexts,
    IOptions<HubOptions> options,
    IntegrationRegistry registry,
    StoreReadiness readiness,
    IEnumerable<IStoreSeed> seeds,
    ILogger<StoreInitializer> logger) : IHostedLifecycleService
{
    /// <summary>The advisory lock that hubs starting on one PostgreSQL database take in turn (its key spells "webchat" and 1).</summary>
    private const string TakeStartLockSql = "SELECT pg_advisory_lock(8603390842253702145)";

    private const string ReleaseStartLockSql = "SELECT pg_advisory_unlock(8603390842253702145)";


    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
            // Before the hub answers: a request let in now finds the console's accounts made.
            foreach (var seed in seeds)
            {
                await seed.SeedAsync(cancellationToken);
            }

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
        var locked = false;
        try
        {
            if (db is PostgresHubDbContext)
            {
                // A session lock on the context's own connection, which migrations and seeding then use.
                // The wait is as long as the hubs before this one take to migrate (no command timeout).
                await db.Database.OpenConnectionAsync(cancellationToken);
                var timeout = db.Database.GetCommandTimeout();
                db.Database.SetCommandTimeout(TimeSpan.Zero);
                await db.Database.ExecuteSqlRawAsync(TakeStartLockSql, cancellationToken);
                db.Database.SetCommandTimeout(timeout);
                locked = true;
            }

            await db.Database.MigrateAsync(cancellationToken);
            if (db is SqliteHubDbContext)
            {
                // WAL lets readers run beside the writer; it stays set in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await SeedAsync(db, hub, cancellationToken);
        }
        catch (DbException exception)
        {
            throw new HubConfigurationException($"The store cannot be opened (Hub:Storage:Provider={hub.Storage.Provider}, ConnectionStrings:Hub): {exception.Message}");
        }
        finally
        {
            if (locked)
            {
                // The connection goes back to the pool, where a session lock would outlive this start.
                await db.Database.ExecuteSqlRawAsync(ReleaseStartLockSql, CancellationToken.None);
            }
        }
    }

    private async Task SeedAsync(HubDbContext db, HubOptions hub, CancellationToken cancellationToken)
    {
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

/// <summary>What a feature puts in the store at start, after the store's own seeding and before the hub answers.</summary>
internal interface IStoreSeed
{
    Task SeedAsync(CancellationToken cancellationToken);
}
