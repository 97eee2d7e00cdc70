using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Proxies;

/// <summary>
/// The hub behind a TLS proxy: the client's address and scheme from the known proxies' forwarded
/// headers (<see cref="ProxyOptions"/>), and HSTS on every HTTPS answer outside Development.
/// </summary>
public static class ProxySetup
{
    public static WebApplicationBuilder AddProxies(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ProxyOptions>()
            .Bind(builder.Configuration.GetSection(ProxyOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, configured) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxies configured: not the loopback ASP.NET Core trusts by default.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in configured.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in configured.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        // Every host the hub is reached at over HTTPS, loopback too: HSTS is sent only outside Development.
        services.AddHsts(options => options.ExcludedHosts.Clear());
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseProxies(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            // Sent on HTTPS answers only (as seen through a known proxy).
            app.UseHsts();
        }

        return app;
    }

    /// <summary>
    /// Cookies are always Secure outside Development when the hub's public address is HTTPS, even when its
    /// proxy talks plain HTTP to it; over an HTTP public address a Secure cookie would never come back.
    /// </summary>
    public static bool CookiesAlwaysSecure(IHostEnvironment environment, HubOptions hub)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(hub);
        return !environment.IsDevelopment() && hub.PublicUrl?.Scheme == Uri.UriSchemeHttps;
    }
}
