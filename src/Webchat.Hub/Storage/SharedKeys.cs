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
        return services;
    }
}
