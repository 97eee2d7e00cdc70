namespace Webchat.Hub.Configuration;

/// <summary>A setting the hub cannot start with; the message names the setting and the fix.</summary>
public sealed class HubConfigurationException(string message) : Exception(message);
