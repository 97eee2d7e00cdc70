using Microsoft.AspNetCore.DataProtection;

namespace Webchat.Hub.Storage;

/// <summary>
/// The data-protection key ring lives in the hub's store, not on each machine's disk: behind a load
/// balancer a cookie, an antiforgery token or a reset link made by one hub is read by every other.
/// </summary>
internal static class SharedKeys
{
    /// <summary>One name for every hub, wherever it is installed: the default is the content root's path, which differs between machines.</summary>
    public const string ApplicationName = "Webchat.Hub";

    public static IServiceCollection AddSharedKeys(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<HubDbContext>();

        // Its start-up warm-up reads the key ring before the store is migrated (StoreInitializer runs once the
        // server listens) and logs an error on a new store; the ring is read on first use instead.
        // Registered after everything that adds data protection (cookies, antiforgery), so none brings it back.
        var warmUps = services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService)
            && descriptor.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        warmUps.ForEach(warmUp => services.Remove(warmUp));
        return services;
    }
}
