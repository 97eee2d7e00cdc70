using System.Threading.Channels;

namespace Webchat.Hub.Live;

/// <summary>
/// The hub's live feed: writers publish what they committed, pages and streams subscribe. This
/// implementation fans out within one process; with several hubs on one PostgreSQL database a
/// transport carries each event to the other processes too (see <see cref="IHubEventTransport"/>).
/// </summary>
public sealed class HubEvents(IEnumerable<IHubEventTransport> transports)
{
    /// <summary>A subscriber that falls this far behind loses its oldest events (and should refresh).</summary>
    private const int SubscriberBuffer = 256;

    private readonly Lock _gate = new();
    private readonly IHubEventTransport[] _transports = [.. transports];
    private Channel<HubEvent>[] _subscribers = [];

    /// <summary>Publishes a committed change to every subscriber here and, through the transports, in the other hubs.</summary>
    public void Publish(HubEvent hubEvent)
    {
        ArgumentNullException.ThrowIfNull(hubEvent);
        Deliver(hubEvent);
        foreach (var transport in _transports)
        {
            transport.Send(hubEvent);
        }
    }

    /// <summary>Hands an event that came from another hub to this hub's subscribers (transports call this).</summary>
    public void Deliver(HubEvent hubEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(hubEvent);
        }
    }

    /// <summary>Every event published from now until <paramref name="cancellationToken"/> ends the subscription.</summary>
    public async IAsyncEnumerable<HubEvent> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<HubEvent>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var hubEvent))
                {
                    yield return hubEvent;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(subscriber => subscriber != channel)];
            }
        }
    }
}

/// <summary>Carries published events to the other hub processes on the same database (PostgreSQL LISTEN/NOTIFY).</summary>
public interface IHubEventTransport
{
    void Send(HubEvent hubEvent);
}
