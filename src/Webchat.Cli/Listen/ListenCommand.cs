using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Webchat.Cli.Common;
using Webchat.Client;

namespace Webchat.Cli.Listen;

/// <summary><c>webchat listen</c>: a provider endpoint for the hub to call, printing each call and answering as the protocol says.</summary>
internal static class ListenCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var port = new Option<int>("--port") { Description = "The port to listen on; 0 picks a free one.", Required = true };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535.");
            }
        });
        var token = ProviderTokenOption.Create("The token the hub must send (the integration's ProviderToken); other calls get 401.");
        var path = new Option<string>("--path") { Description = "The path of the endpoint.", DefaultValueFactory = _ => "/planfix" };
        var bind = new Option<string>("--bind")
        {
            Description = "The address to listen on; 0.0.0.0 opens it to other machines.",
            DefaultValueFactory = _ => IPAddress.Loopback.ToString(),
        };
        bind.Validators.Add(result =>
        {
            if (!IPAddress.TryParse(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--bind must be an IP address, e.g. 127.0.0.1 or 0.0.0.0.");
            }
        });

        var command = new Command("listen", "Runs a provider endpoint for the hub: prints each call, answers 200, and opens a chat with fresh ids for a first message. Ctrl+C stops it.")
        {
            port, token, path, bind,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (ProviderTokenOption.Resolve(parsed, token, environment) is not { } tokenValue)
            {
                return ExitCodes.Usage;
            }

            var route = parsed.GetRequiredValue(path) is var p && p.StartsWith('/') ? p : "/" + p;
            return await RunAsync(environment, parsed.GetRequiredValue(bind), parsed.GetValue(port), route, tokenValue, cancellationToken);
        });
        return command.WithExamples(
            "webchat listen --port 5080 --token provider-secret-0123456789",
            "webchat listen --port 5080 --path /planfix_api.php --token \"$PROVIDER_TOKEN\" --bind 0.0.0.0",
            "# then in the hub: Hub:Integrations:N:ProviderUrl=http://127.0.0.1:5080/planfix, ProviderToken=the same token");
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string bind, int port, string route, string token, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{FormatHost(bind)}:{port}");
        builder.Logging.ClearProviders();
        builder.Services.Configure<WebchatOptions>(options => options.ProviderToken = token);
        await using var app = builder.Build();
        var printer = new CallPrinter(environment.Out, TimeProvider.System);
        // A call the endpoint refuses never reaches the handler; print it too, or a wrong ProviderToken at the hub goes unseen.
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode >= 300)
            {
                await printer.RefusedAsync(context.Request.Method, context.Request.Path, context.Response.StatusCode, route, context.RequestAborted);
            }
        });
        app.MapWebchatProvider(route, printer.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            await environment.Error.WriteLineAsync($"webchat: cannot listen on {bind}:{port}: {exception.Message} Choose another --port.");
            return ExitCodes.Failure;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await environment.Error.WriteLineAsync($"Listening on {address.TrimEnd('/')}{route} (Ctrl+C stops). Set the integration's ProviderUrl to it and its ProviderToken to --token.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, or the test that started it: stop listening, finishing calls under way.
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }

    private static string FormatHost(string bind) =>
        IPAddress.Parse(bind).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind;
}
