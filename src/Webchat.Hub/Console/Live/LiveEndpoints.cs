using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Webchat.Hub.Live;

namespace Webchat.Hub.Console.Live;

/// <summary>
/// <c>GET /live</c>: the hub's events as server-sent events, for open console pages. An event names
/// what changed; the page fetches itself again and swaps its live parts, so a lost event costs a
/// refresh at the next one, never a wrong picture.
/// </summary>
internal static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/live", (HubEvents events, IHostApplicationLifetime lifetime, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(StreamAsync(events, lifetime.ApplicationStopping, cancellationToken)))
            .RequireAuthorization(ConsoleSetup.EmployeePolicy)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async IAsyncEnumerable<SseItem<LiveEvent>> StreamAsync(
        HubEvents events,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An open page must not hold the hub's shutdown.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var enumerator = events.SubscribeAsync(either.Token).GetAsyncEnumerator(either.Token);
        try
        {
            while (true)
            {
                HubEvent hubEvent;
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }

                    hubEvent = enumerator.Current;
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return new SseItem<LiveEvent>(new LiveEvent(Kind(hubEvent.Kind), hubEvent.TaskNumber, hubEvent.MessageId));
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    private static string Kind(HubEventKind kind) => kind switch
    {
        HubEventKind.MessageAdded => "message",
        HubEventKind.MessageStatusChanged => "status",
        _ => "task",
    };

    /// <summary>One event as the page's script reads it.</summary>
    internal sealed record LiveEvent(string Kind, long Task, long? Message);
}
