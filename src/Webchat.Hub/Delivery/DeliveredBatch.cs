using System.Collections.Concurrent;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Gathers the worker's delivered attempts and settles them a group at a time: while one group's write
/// is under way the next group gathers, so under load each write carries many attempts and when quiet
/// an attempt goes alone at once. One write at a time keeps the writer free for replies and claims.
/// </summary>
internal sealed class DeliveredBatch(Outbox outbox)
{
    /// <summary>The most attempts one write settles: keeps a write's transaction short.</summary>
    public const int MaxGroup = 256;

    private readonly ConcurrentQueue<Item> _queue = new();
    private int _writing;

    /// <summary>
    /// Settles a delivered attempt with the next group; true when settled, false when this hub's claim
    /// was lost. Throws what the group's write threw: the caller then records the attempt on its own.
    /// </summary>
    public Task<bool> SettleAsync(DeliveryJob job, AttemptResult result)
    {
        var item = new Item(job, result);
        _queue.Enqueue(item);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            _ = WriteGroupsAsync();
        }

        return item.Done.Task;
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            var group = new List<Item>();
            while (group.Count < MaxGroup && _queue.TryDequeue(out var item))
            {
                group.Add(item);
            }

            if (group.Count == 0)
            {
                Volatile.Write(ref _writing, 0);

                // An attempt queued after the look above but before the flag fell would wait for the next one: look again.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            try
            {
                var settled = await outbox.RecordDeliveredAsync([.. group.Select(i => (i.Job, i.Result))], CancellationToken.None);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(settled[i]);
                }
            }
#pragma warning disable CA1031 // Each attempt's caller learns what the group's write threw, and records it alone.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                foreach (var item in group)
                {
                    item.Done.TrySetException(exception);
                }
            }
        }
    }

    private sealed record Item(DeliveryJob Job, AttemptResult Result)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
