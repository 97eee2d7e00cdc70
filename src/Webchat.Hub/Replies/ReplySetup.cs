using Microsoft.Extensions.Options;
using Webchat.Hub.Uploads;

namespace Webchat.Hub.Replies;

public static class ReplySetup
{
    /// <summary>Registers the reply writer and the uploads it keeps (<c>Hub:Uploads</c>).</summary>
    public static IServiceCollection AddReplies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UploadOptions>()
            .Bind(configuration.GetSection(UploadOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<ReplyReader>();
        services.AddSingleton<ReplyService>();
        services.AddHostedService<UploadSweeper>();
        return services;
    }
}
