using System.Text.Json;
using Webchat.Hub.Console.Accounts;
using Webchat.Hub.Live;

namespace Webchat.Hub.Console.Live;

/// <summary>
/// <c>GET /live</c>: the hub's events as server-sent events, for open console pages. An event names
/// what changed; the page fetches itself again and swaps its live parts, so a lost event costs a
/// refresh at the next one, never a wrong picture.
/// </summary>
internal static class LiveEndpoints
{
    private static readonly byte[] Opening = ": live\n\n"u8.ToArray();

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/live", StreamAsync)
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task StreamAsync(HttpContext http, HubEvents events, IHostApplicationLifetime lifetime)
    {
        // An open page must not hold the hub's shutdown.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, http.RequestAborted);
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        try
        {
            // Subscribed before the page hears it is connected: nothing committed after that is missed.
            var subscription = events.SubscribeAsync(either.Token).GetAsyncEnumerator(either.Token);
            await using (subscription)
            {
                var next = subscription.MoveNextAsync();
                await response.Body.WriteAsync(Opening, either.Token);
                await response.Body.FlushAsync(either.Token);
                var me = http.User.EmployeeId();
                while (await next)
                {
                    var hubEvent = subscription.Current;
                    if (hubEvent.Kind == HubEventKind.TaskRead && hubEvent.EmployeeId != me)
                    {
                        next = subscription.MoveNextAsync();
                        continue;
                    }

                    var change = new LiveEvent(Kind(hubEvent.Kind), hubEvent.TaskNumber, hubEvent.MessageId);
                    await response.WriteAsync("data: " + JsonSerializer.Serialize(change, LiveJson.Default.LiveEvent) + "\n\n", either.Token);
                    await response.Body.FlushAsync(either.Token);
                    next = subscription.MoveNextAsync();
                }
            }
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            // The page went away, or the hub is stopping.
        }
    }

    private static string Kind(HubEventKind kind) => kind switch
    {
        HubEventKind.MessageAdded => "message",
        HubEventKind.MessageStatusChanged => "status",
        HubEventKind.TaskRead => "read",
        _ => "task",
    };
}

/// <summary>One event as the page's script reads it.</summary>
internal sealed record LiveEvent(string Kind, long Task, long? Message);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(LiveEvent))]
internal sealed partial class LiveJson : System.Text.Json.Serialization.JsonSerializerContext;
