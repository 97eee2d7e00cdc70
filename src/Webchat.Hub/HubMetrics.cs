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
