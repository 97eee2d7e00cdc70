using System.Net;
using Microsoft.Extensions.Options;

namespace Webchat.Hub.Delivery;

public static class DeliverySetup
{
    /// <summary>
    /// Registers the outbox, its worker and the client that calls providers. Register after the store:
    /// hosted services stop in reverse order, and the worker records its last outcomes through the writer.
    /// </summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>()
            .Bind(configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();

        // Each attempt has its own deadline on the hub's clock; retries live in the outbox, not here.
        services.AddHttpClient(ProviderCaller.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The provider's URL is configuration: a redirect is reported, never followed elsewhere.
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The worker logs each attempt itself; the default handlers would log every URL at Information.
            .RemoveAllLoggers();

        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<DeliveredBatch>();
        services.AddSingleton<ProviderCaller>();
        services.AddSingleton<LaneRun>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService<OutboxGauges>();
        return services;
    }
}
