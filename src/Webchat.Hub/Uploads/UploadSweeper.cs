namespace Webchat.Hub.Uploads;

/// <summary>
/// Once the hub has started (the store is migrated), removes the files a crash left staged without a
/// stored reply. Only files older than the last hour go: another hub on the same folder may be
/// storing a reply right now.
/// </summary>
internal sealed partial class UploadSweeper(
    UploadStore uploads,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<UploadSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Age = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        try
        {
            var removed = await uploads.SweepAsync(time.GetUtcNow() - Age, stoppingToken);
            if (removed > 0)
            {
                LogSwept(logger, removed);
            }
        }
#pragma warning disable CA1031 // Sweeping is housekeeping: a failure is logged and the hub goes on.
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogSweepFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} uploaded files that a crash left without a stored reply")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The uploads folder could not be swept of files left by a crash")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
