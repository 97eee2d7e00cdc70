using System.Threading.Channels;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Wakes the <see cref="DeliveryWorker"/>: raised after a write that queued or re-queued deliveries has
/// committed, and when an attempt ends, so delivery starts at once instead of at the next poll.
/// Raising it any number of times before the worker looks wakes it once. With several hubs on one
/// database, <see cref="Notify"/> wakes the other hubs' workers too (<see cref="IDeliveryWakeTransport"/>).
/// </summary>
public sealed class DeliverySignal(IEnumerable<IDeliveryWakeTransport> transports)
{
    private readonly IDeliveryWakeTransport[] _transports = [.. transports];

    private readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>New work committed (a reply queued, a delivery re-queued): every hub's worker looks.</summary>
    public void Notify()
    {
        Wake();
        foreach (var transport in _transports)
        {
            transport.WakeOthers();
        }
    }

    /// <summary>Wakes this hub's worker only (an attempt ended, or another hub announced work).</summary>
    internal void Wake() => _wakeups.Writer.TryWrite(true);

    /// <summary>Forgets wake-ups so far: the worker is about to look at the store anyway.</summary>
    internal void Reset()
    {
        while (_wakeups.Reader.TryRead(out _))
        {
        }
    }

    internal Task WaitAsync(CancellationToken cancellationToken) => _wakeups.Reader.WaitToReadAsync(cancellationToken).AsTask();
}

/// <summary>Wakes the delivery workers of the other hub processes on the same database (PostgreSQL NOTIFY).</summary>
public interface IDeliveryWakeTransport
{
    void WakeOthers();
}
