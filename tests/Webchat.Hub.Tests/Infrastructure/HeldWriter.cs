using Webchat.Hub.Storage;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// Holds the hub's store writer with one write that does not end until disposed: no other write (a claim,
/// a renewal, a settle) commits meanwhile. For what must happen, or not, while the store takes nothing.
/// </summary>
public sealed class HeldWriter : IAsyncDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<int> _held = Task.FromResult(0);

    private HeldWriter()
    {
    }

    /// <summary>Returns once the holding write is under way.</summary>
    public static async Task<HeldWriter> HoldAsync(StoreWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var holder = new HeldWriter();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        holder._held = writer.WriteAsync(async (_, _) =>
        {
            holding.SetResult();
            await holder._release.Task;
            return 0;
        }, CancellationToken.None);
        await holding.Task.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        return holder;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _held;
    }
}
