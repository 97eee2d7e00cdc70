using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using Webchat.Hub.Delivery;
using Webchat.Hub.Live;

namespace Webchat.Hub.Storage;

/// <summary>
/// Carries what one hub process tells the others on the same PostgreSQL database, through
/// <c>LISTEN/NOTIFY</c>: delivery wake-ups (a reply taken by hub A is sent at once even when hub B's
/// worker holds the lane) and live events (a console on hub B sees a message that came in on hub A).
/// Both are hints: one lost while the connection is down costs the worker a poll and a page a refresh.
/// </summary>
internal sealed partial class PostgresNotifications(
    string connectionString,
    IServiceProvider services,
    TimeProvider time,
    ILogger<PostgresNotifications> logger) : BackgroundService, IHubEventTransport, IDeliveryWakeTransport
{
    private const string DeliveryChannel = "webchat_delivery";
    private const string EventsChannel = "webchat_events";

    /// <summary>Notifications waiting to be sent; when the database is away, the oldest give way.</summary>
    private const int SendBuffer = 4096;

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly Channel<(string Channel, string Payload)> _outgoing = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(SendBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>This process, so that it skips what it sent itself (it has handed that out already).</summary>
    private readonly string _origin = Guid.NewGuid().ToString("N");

    public void Send(HubEvent hubEvent) =>
        _outgoing.Writer.TryWrite((EventsChannel, JsonSerializer.Serialize(new Wire(_origin, hubEvent.Kind, hubEvent.TaskNumber, hubEvent.MessageId, hubEvent.EmployeeId))));

    public void WakeOthers() => _outgoing.Writer.TryWrite((DeliveryChannel, _origin));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ListenerConnectionString());
                connection.Notification += (_, notification) => Take(notification.Channel, notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {DeliveryChannel}; LISTEN {EventsChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was announced while this hub was not listening: the worker looks once.
                services.GetRequiredService<DeliverySignal>().Wake();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogListenFailed(logger, exception);
                await Task.Delay(Reconnect, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var reader = _outgoing.Reader;
        var pending = new List<(string Channel, string Payload)>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                while (true)
                {
                    if (pending.Count == 0)
                    {
                        await reader.WaitToReadAsync(stoppingToken);
                        while (pending.Count < SendBuffer && reader.TryRead(out var next))
                        {
                            pending.Add(next);
                        }
                    }

                    // All that queued up meanwhile, in one round trip; wake-ups once each.
                    await using var batch = new NpgsqlBatch(connection);
                    foreach (var (channel, payload) in pending.Distinct())
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)") { Parameters = { new() { Value = channel }, new() { Value = payload } } });
                    }

                    await batch.ExecuteNonQueryAsync(stoppingToken);
                    pending.Clear();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogSendFailed(logger, exception);
                await Task.Delay(Reconnect, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Take(string channel, string payload)
    {
        if (channel == DeliveryChannel)
        {
            if (payload != _origin)
            {
                services.GetRequiredService<DeliverySignal>().Wake();
            }

            return;
        }

        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(payload);
        }
        catch (JsonException exception)
        {
            LogBadEvent(logger, exception);
            return;
        }

        if (wire is not null && wire.Origin != _origin)
        {
            services.GetRequiredService<HubEvents>().Deliver(new HubEvent(wire.Kind, wire.TaskNumber, wire.MessageId, wire.EmployeeId));
        }
    }

    /// <summary>The listening connection stays open for the hub's life: kept alive, so a dead server is noticed and left.</summary>
    private string ListenerConnectionString() =>
        new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 15, Pooling = false }.ConnectionString;

    /// <summary>An event as it travels: which hub sent it, and the event.</summary>
    private sealed record Wire(string Origin, HubEventKind Kind, long TaskNumber, long? MessageId, int? EmployeeId = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening to the other hubs failed; listening again shortly (meanwhile the delivery worker polls)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the other hubs failed; they find the work at their next poll")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live event from another hub could not be read; it was skipped")]
    private static partial void LogBadEvent(ILogger logger, Exception exception);
}
