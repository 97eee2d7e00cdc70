using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Webchat.Client;

// The conventional namespace for service registration, so AddWebchatClient is found without a using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers <see cref="WebchatClient"/>.</summary>
public static class WebchatServiceCollectionExtensions
{
    /// <summary>The most of a hub's answer that is read.</summary>
    private const int MaxAnswerBytes = 1 << 20;

    /// <summary>
    /// Registers <see cref="WebchatClient"/> as a typed <see cref="HttpClient"/> with <see cref="WebchatOptions"/>
    /// bound from the section <c>Webchat</c> of <paramref name="configuration"/> and validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application's configuration, holding a <c>Webchat</c> section.</param>
    /// <returns>The client's builder, to add handlers or settings.</returns>
    public static IHttpClientBuilder AddWebchatClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WebchatOptions>().Bind(configuration.GetSection(WebchatOptions.SectionName));
        return services.AddWebchatClientCore();
    }

    /// <summary>Registers <see cref="WebchatClient"/> with <see cref="WebchatOptions"/> set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The client's builder, to add handlers or settings.</returns>
    public static IHttpClientBuilder AddWebchatClient(this IServiceCollection services, Action<WebchatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<WebchatOptions>().Configure(configure);
        return services.AddWebchatClientCore();
    }

    private static IHttpClientBuilder AddWebchatClientCore(this IServiceCollection services)
    {
        services.AddOptions<WebchatOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebchatOptions>, WebchatOptionsValidator>());
        var builder = services.AddHttpClient<WebchatClient>(http => http.MaxResponseContentBufferSize = MaxAnswerBytes);
        // Retries for connection errors, timeouts, 408, 429 and 5xx only (never another 4xx), waiting as Retry-After asks.
        builder.AddResilienceHandler("webchat", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<WebchatOptions>>().CurrentValue;
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                });
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });
        return builder;
    }
}
