using Webchat.Hub.Configuration;
using Webchat.Hub.Contacts;
using Webchat.Hub.Inbound;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;

namespace Webchat.Hub;

/// <summary>The hub's table of contents: what it registers and what it maps.</summary>
public static class HubSetup
{
    public static WebApplicationBuilder AddHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The store first: an unknown Hub:Storage:Provider is named with the stores there are.
        builder.AddHubStorage();
        RefuseInvalidSettings(builder);
        builder.Services.AddOptions<HubOptions>()
            .Bind(builder.Configuration.GetSection(HubOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<HubOptions>, HubOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddSingleton<IntegrationRegistry>();
        builder.Services.AddSingleton<ProviderCommandHandler>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOperatorApi();
        return builder;
    }

    /// <summary>Stops the hub before anything starts when a setting is wrong, naming every bad setting at once.</summary>
    private static void RefuseInvalidSettings(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(HubOptions.SectionName).Get<HubOptions>() ?? new HubOptions();
        var result = new HubOptionsValidator(builder.Configuration).Validate(null, options);
        if (result.Failed)
        {
            throw new HubConfigurationException(string.Join(Environment.NewLine + "  ", ["fix these settings:", .. result.Failures]));
        }
    }

    public static WebApplication MapHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapInbound();
        var api = app.MapOperatorApi();
        api.MapTasks();
        api.MapContacts();
        return app;
    }
}
