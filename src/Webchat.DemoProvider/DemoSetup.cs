using Webchat.Client;
using Webchat.DemoProvider.Conversations;
using Webchat.DemoProvider.Hub;
using Webchat.DemoProvider.Widget;

namespace Webchat.DemoProvider;

/// <summary>The demo's table of contents: what it registers and what it maps.</summary>
public static class DemoSetup
{
    public static WebApplicationBuilder AddDemoProvider(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddWebchatClient(builder.Configuration);
        // The demo is a provider too: the hub's calls are checked against this key.
        builder.Services.AddOptions<WebchatOptions>().Validate(
            options => !string.IsNullOrWhiteSpace(options.ProviderToken),
            "Webchat:ProviderToken is missing: set the key the hub sends with its calls (the integration's ProviderToken).");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConversationStore>();
        builder.Services.AddProblemDetails();
        builder.Services.AddVisitorLimits(builder.Configuration);
        builder.AddWidgetText();
        return builder;
    }

    public static WebApplication MapDemoProvider(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        // The visitor's language (Accept-Language): the widget's texts and its errors.
        app.UseRequestLocalization();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.MapWidget();
        app.MapWidgetText();
        app.MapHubCalls();
        return app;
    }
}
