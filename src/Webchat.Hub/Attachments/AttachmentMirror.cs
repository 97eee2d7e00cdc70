using Microsoft.Extensions.Options;
using Webchat.Hub.Uploads;

namespace Webchat.Hub.Attachments;

/// <summary>
/// Copies providers' files in the background: queues new attachments, claims the due ones and fetches
/// them, <see cref="AttachmentOptions.MaxConcurrency"/> at a time. Looks every second (on the real
/// clock; due times are on the hub's), so a file is usually copied moments after its message came.
/// </summary>
internal sealed partial class AttachmentMirror(
    AttachmentQueue queue,
    AttachmentFetcher fetcher,
    UploadStore uploads,
    IOptions<AttachmentOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AttachmentMirror> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once the store is migrated: the queue table is there from then on.
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

        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                await queue.EnqueueAsync(stoppingToken);
                var jobs = await queue.ClaimAsync(options.Value.MaxConcurrency, stoppingToken);
                busy = jobs.Count == options.Value.MaxConcurrency;
                await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency }, (job, _) => new ValueTask(CopyAsync(job, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The mirror is background work: a store outage is logged and the loop tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogLoopFailed(logger, exception);
            }

            if (!busy)
            {
                try
                {
                    await Task.Delay(PollInterval, TimeProvider.System, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task CopyAsync(CopyJob job, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await fetcher.FetchAsync(job.Url, job.Name, stoppingToken);
            if (outcome.File is { } file)
            {
                if (!await queue.CopiedAsync(job, file, CancellationToken.None))
                {
                    uploads.Discard([file]);
                }

                return;
            }

            LogFetchFailed(logger, job.MessageId, job.Position, job.Attempts, outcome.Error);
            await queue.FailedAsync(job, outcome, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await queue.ReleaseAsync(job, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachments could not be queued or claimed for copying")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment {Position} of message {MessageId} was not copied (attempt {Attempt}): {Error}")]
    private static partial void LogFetchFailed(ILogger logger, long messageId, int position, int attempt, string? error);
}
