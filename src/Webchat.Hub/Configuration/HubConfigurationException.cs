using Microsoft.Extensions.Options;

namespace Webchat.Hub.Configuration;

/// <summary>A setting the hub cannot start with; the message names the setting and the fix.</summary>
public sealed class HubConfigurationException(string message) : Exception(message)
{
    /// <summary>The lines an operator needs: each failed setting, without a stack trace.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(Environment.NewLine + "  ", ["fix these settings:", .. validation.Failures]),
        _ => exception.Message,
    };
}
