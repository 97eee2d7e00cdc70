using Webchat.Protocol;

namespace Webchat.Client;

/// <summary>
/// The answers to the hub's most recent calls, by message: a repeated <c>messageId</c> (the hub sends a
/// message again when it did not see the answer) gets the same answer without the handler running again,
/// and a repeat that arrives while the first call is still being handled waits for its answer.
/// Bounded: the oldest entries are forgotten first.
/// </summary>
internal sealed class SeenMessages(int capacity)
{
    private readonly Dictionary<string, Task<ProviderAnswer?>> _answers = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>The earlier call's answer, or null with <paramref name="slot"/> to complete when this call is the first.</summary>
    public Task<ProviderAnswer?>? TryRepeat(string key, out TaskCompletionSource<ProviderAnswer?>? slot)
    {
        lock (_lock)
        {
            if (_answers.TryGetValue(key, out var earlier))
            {
                slot = null;
                return earlier;
            }

            slot = new TaskCompletionSource<ProviderAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _answers[key] = slot.Task;
            _order.Enqueue(key);
            while (_order.Count > capacity)
            {
                _answers.Remove(_order.Dequeue());
            }

            return null;
        }
    }

    /// <summary>The first call failed: forget it, so the hub's next attempt runs the handler again.</summary>
    public void Forget(string key, TaskCompletionSource<ProviderAnswer?> slot, Exception exception)
    {
        lock (_lock)
        {
            if (_answers.TryGetValue(key, out var task) && task == slot.Task)
            {
                _answers.Remove(key);
            }
        }

        slot.TrySetException(exception);
    }
}
