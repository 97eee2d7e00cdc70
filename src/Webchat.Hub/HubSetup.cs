using Webchat.Hub.Configuration;
using Webchat.Hub.Delivery;
using Webchat.Hub.Inbound;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;
using Webchat.Hub.Replies;
using Webchat.Hub.Storage;
using Webchat.Hub.Uploads;

namespace Webchat.Hub;

/// <summary>The hub's table of contents: what it registers and what it maps.</summary>
public static class HubSetup
{
    public static WebApplicationBuilder AddHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
        builder.AddHubStorage();
        builder.Services.AddReplies(builder.Configuration);
        builder.Services.AddDelivery(builder.Configuration);
        return builder;
    }

    public static WebApplication MapHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapInbound();
        app.MapUploads();
        var api = app.MapOperatorApi();
        api.MapReplies();
        api.MapDeliveries();
        return app;
    }
}
