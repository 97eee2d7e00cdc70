using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Webchat.Hub.Storage;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background. Left to SQLite, the
/// commit that crosses the log's size limit does this copy (and its fsync) itself, and every request
/// waiting on that commit waits for it too; a passive checkpoint here runs beside the writer.
/// SQLite's own limit stays as the safety net, raised (see <see cref="SqlitePragmas"/>) so that it
/// only acts when this falls behind.
/// </summary>
internal sealed partial class SqliteCheckpointer(
    IDbContextFactory<HubDbContext> contexts,
    TimeProvider time,
    ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                    await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
                }
                catch (DbException exception)
                {
                    // The writer's own checkpoints still bound the log meanwhile.
                    LogCheckpointFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A background checkpoint of the SQLite log failed; it is tried again shortly")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
