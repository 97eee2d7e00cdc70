using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Webchat.Hub;

/// <summary>The hub's one <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <c>Webchat.Hub</c>.</summary>
public sealed class HubMetrics : IDisposable
{
    public const string Name = "Webchat.Hub";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        WriteBatchSize = _meter.CreateHistogram<int>("webchat.hub.write_batch.size", "{write}", "Writes committed together in one transaction.");
        InboundCommands = _meter.CreateCounter<long>("webchat.hub.inbound.commands", "{command}", "Commands received on /webchat/api, by cmd and outcome.");
        DeliveryAttempts = _meter.CreateCounter<long>("webchat.hub.delivery.attempts", "{attempt}", "Calls to providers' URLs, by integration and outcome (delivered, retry, failed).");
        DeliveryDuration = _meter.CreateHistogram<double>("webchat.hub.delivery.duration", "s", "How long a call to a provider's URL took, by integration.");
        InboundDuration = _meter.CreateHistogram<double>("webchat.hub.inbound.duration", "s", "How long a command on /webchat/api took to answer (stored and committed), by cmd and outcome.");
        StatusReports = _meter.CreateCounter<long>("webchat.hub.status_reports", "{report}", "messageStatus reports of providers, by status (sent, read, error).");
    }

    public Histogram<double> InboundDuration { get; }

    public Counter<long> StatusReports { get; }

    /// <summary>Reports the outbox: deliveries not finished, and how long the longest-due one has waited.</summary>
    public void ObserveOutbox(Func<long> depth, Func<double> oldestDueAge)
    {
        _meter.CreateObservableGauge("webchat.hub.outbox.depth", depth, "{delivery}", "Deliveries not finished yet (pending or under way).");
        _meter.CreateObservableGauge("webchat.hub.outbox.oldest_due_age", oldestDueAge, "s", "How long the longest-waiting due delivery has waited.");
    }

    public Histogram<int> WriteBatchSize { get; }

    /// <summary>Reports the writes waiting for the store's writer, read when the metrics are collected.</summary>
    public void ObserveWriterQueue(Func<int> waiting) =>
        _meter.CreateObservableGauge("webchat.hub.write_queue.length", waiting, "{write}", "Writes waiting for the store's single writer.");

    public Counter<long> InboundCommands { get; }

    public Counter<long> DeliveryAttempts { get; }

    public Histogram<double> DeliveryDuration { get; }

    public void Dispose() => _meter.Dispose();
}
