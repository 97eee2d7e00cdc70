using Microsoft.Extensions.Options;
using Webchat.Hub.Attachments;
using Webchat.Hub.Configuration;
using Webchat.Hub.Console;
using Webchat.Hub.Contacts;
using Webchat.Hub.Delivery;
using Webchat.Hub.Health;
using Webchat.Hub.Inbound;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;
using Webchat.Hub.Proxies;
using Webchat.Hub.RateLimits;
using Webchat.Hub.Replies;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;
using Webchat.Hub.Telemetry;
using Webchat.Hub.Uploads;

namespace Webchat.Hub;

/// <summary>The hub's table of contents: what it registers and what it maps.</summary>
public static class HubSetup
{
    public static WebApplicationBuilder AddHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The store first: an unknown Hub:Storage:Provider is named with the stores there are.
        builder.AddHubStorage();
        builder.Services.AddOptions<HubOptions>()
            .Bind(builder.Configuration.GetSection(HubOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddSingleton<Live.HubEvents>();
        builder.Services.AddSingleton<IntegrationRegistry>();
        builder.Services.AddSingleton<KeptReads>();
        builder.Services.AddSingleton<ProtocolReads>();
        builder.Services.AddSingleton<ProviderCommandHandler>();
        builder.Services.AddSingleton<Search.TaskSearch>();
        builder.Services.AddSingleton<Contacts.ContactEditor>();
        builder.Services.AddSingleton<Labels.TaskLabelStore>();
        builder.Services.AddSingleton<Notes.NoteService>();
        builder.Services.AddSingleton<Reports.ReportQueries>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOperatorApi();
        builder.AddRateLimits();
        builder.AddProxies();
        builder.Services.AddHubHealth(builder.Configuration);
        builder.AddTelemetry();
        // After the store: hosted services stop in reverse order, so the worker stops before the writer it records through.
        builder.Services.AddReplies(builder.Configuration);
        builder.Services.AddDelivery(builder.Configuration);
        builder.Services.AddAttachments(builder.Configuration);
        builder.AddConsole();
        builder.Services.AddSharedKeys();
        return builder;
    }

    /// <summary>
    /// Checks every settings section before anything starts, so one message names every bad
    /// setting of every feature at once, without the host's stack trace.
    /// </summary>
    private static void RefuseInvalidSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception exception) when (exception is OptionsValidationException or AggregateException)
        {
            var failures = Flatten(exception).OfType<OptionsValidationException>().SelectMany(failure => failure.Failures);
            throw new HubConfigurationException(string.Join(Environment.NewLine + "  ", ["fix these settings:", .. failures]));
        }
    }

    private static IEnumerable<Exception> Flatten(Exception exception) =>
        exception is AggregateException aggregate ? aggregate.InnerExceptions.SelectMany(Flatten) : [exception];

    public static WebApplication MapHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RefuseInvalidSettings(app.Services);
        PortCheck.RefuseTakenPorts(app.Configuration);
        StartupReport.LogWhenStarted(app);
        app.UseProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStoreReadiness(HealthSetup.LivePath);
        app.UseRetryAfterWhenUnavailable();
        // Who is calling is known before the rate limiter, which counts per API key.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHubHealth();
        app.MapTelemetry();
        app.MapInbound();
        app.MapUploads();
        var api = app.MapOperatorApi();
        api.MapTasks();
        api.MapContacts();
        api.MapReplies();
        api.MapDeliveries();
        Notes.NoteEndpoints.MapNotes(api);
        Labels.LabelEndpoints.MapLabels(api);
        Reports.ReportEndpoints.MapReports(api);
        app.MapConsole(api);
        return app;
    }
}
