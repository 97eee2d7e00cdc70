using Webchat.Hub;
using Webchat.Hub.Configuration;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddHub();
    var app = builder.Build();
    app.MapHub();
    await app.RunAsync();
}
catch (Exception exception) when (exception is HubConfigurationException
    or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
{
    // A bad setting is the operator's to fix: say which, without a stack trace.
    await Console.Error.WriteLineAsync($"The hub cannot start: {exception.Message}");
    return 2;
}
catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Kestrel binds before the store is opened, so a second hub on a taken port has touched nothing.
    await Console.Error.WriteLineAsync($"The hub cannot start: {exception.Message} Stop what uses the port, or choose another with --urls or ASPNETCORE_URLS.");
    return 2;
}

return 0;

/// <summary>The hub's entry point; public so tests can start the real application.</summary>
public partial class Program;
