using Microsoft.Extensions.Options;

namespace Webchat.Hub.Attachments;

public static class AttachmentSetup
{
    /// <summary>Registers the copies of providers' files; the mirror runs only when <c>Hub:Attachments:Mirror</c> is on.</summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>()
            .Bind(configuration.GetSection(AttachmentOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachmentOptions>, AttachmentOptionsValidator>();
        services.AddSingleton<AttachmentQueue>();
        services.AddSingleton<AttachmentFetcher>();
        if (configuration.GetValue(AttachmentOptions.SectionName + ":" + nameof(AttachmentOptions.Mirror), true))
        {
            services.AddHostedService<AttachmentMirror>();
        }

        return services;
    }
}
