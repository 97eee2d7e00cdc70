using System.Threading.Channels;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Wakes the <see cref="DeliveryWorker"/>: raised after a write that queued or re-queued deliveries has
/// committed, and when an attempt ends, so delivery starts at once instead of at the next poll.
/// Raising it any number of times before the worker looks wakes it once.
/// </summary>
public sealed class DeliverySignal
{
    private readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Notify() => _wakeups.Writer.TryWrite(true);

    /// <summary>Forgets wake-ups so far: the worker is about to look at the store anyway.</summary>
    internal void Reset()
    {
        while (_wakeups.Reader.TryRead(out _))
        {
        }
    }

    internal Task WaitAsync(CancellationToken cancellationToken) => _wakeups.Reader.WaitToReadAsync(cancellationToken).AsTask();
}
