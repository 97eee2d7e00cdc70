using System.Diagnostics;
using System.Globalization;

namespace Webchat.Bench.Outbound;

/// <summary>
/// What a phase came to once its deliveries are in: every accepted messageId must arrive exactly once.
/// Latency is the arrival at the receiver minus the 202's return to the sender, on one clock. It can
/// be below zero: the hub wakes its worker right after the commit, before the 202 reaches the sender.
/// </summary>
internal sealed record PhaseResult(
    string Load,
    int Sent,
    int Accepted,
    int Rejected,
    int Received,
    int Missing,
    int Duplicates,
    int Unexpected,
    double AcceptedPerSecond,
    double DeliveriesPerSecond,
    int Backlog,
    double BacklogPerSecond,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    string? FirstRejection)
{
    public int Errors => Rejected + Missing + Duplicates + Unexpected;

    /// <summary>The line bench/run reads.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"OUTBOUND load={Load} sent={Sent} accepted={Accepted} rejected={Rejected} received={Received} missing={Missing} duplicates={Duplicates} unexpected={Unexpected} "
        + $"accepted_per_s={AcceptedPerSecond:F0} deliveries_per_s={DeliveriesPerSecond:F0} backlog={Backlog} backlog_per_s={BacklogPerSecond:F0} p50_ms={P50Ms:F2} p99_ms={P99Ms:F2} max_ms={MaxMs:F2}");
}

internal sealed class Tally(Receiver receiver)
{
    /// <summary>Accepted messageIds of earlier phases that arrived: what lets a phase tell an unexpected arrival from an earlier phase's.</summary>
    private int _matchedBefore;

    /// <summary>Waits (at most <paramref name="drain"/> after the phase's last 202) until every accepted reply of the phase has arrived, then tallies.</summary>
    public async Task<PhaseResult> SettleAsync(Phase phase, string load, TimeSpan drain, CancellationToken cancellationToken)
    {
        var accepted = phase.Accepted.ToArray();
        var deadline = phase.EndedAt + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (accepted.Any(a => !receiver.TryGetArrival(a.MessageId, out _)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        var latencies = new List<double>(accepted.Length);
        var seen = new HashSet<long>();
        int missing = 0, duplicates = 0;
        var lastArrival = phase.StartedAt;

        // What was still undelivered when the last reply was accepted, and how fast it went out with the
        // operator API quiet: the delivery side's own pace.
        var backlog = 0;
        foreach (var acceptance in accepted)
        {
            if (!seen.Add(acceptance.MessageId))
            {
                // The hub handed out one messageId twice.
                duplicates++;
                continue;
            }

            if (!receiver.TryGetArrival(acceptance.MessageId, out var arrival))
            {
                missing++;
                continue;
            }

            duplicates += arrival.Count - 1;
            lastArrival = Math.Max(lastArrival, arrival.Timestamp);
            if (arrival.Timestamp > phase.EndedAt)
            {
                backlog++;
            }

            latencies.Add(Stopwatch.GetElapsedTime(acceptance.AcceptedAt, arrival.Timestamp).TotalMilliseconds
                * (arrival.Timestamp >= acceptance.AcceptedAt ? 1 : -1));
        }

        var matched = seen.Count - missing;
        var unexpected = receiver.Distinct - _matchedBefore - matched;
        _matchedBefore += matched;
        latencies.Sort();
        var sent = accepted.Length + phase.Rejected;
        return new PhaseResult(
            load,
            sent,
            accepted.Length,
            phase.Rejected,
            matched,
            missing,
            duplicates,
            unexpected,
            accepted.Length / Stopwatch.GetElapsedTime(phase.StartedAt, phase.EndedAt).TotalSeconds,
            matched == 0 ? 0 : matched / Stopwatch.GetElapsedTime(phase.StartedAt, lastArrival).TotalSeconds,
            backlog,
            backlog == 0 ? 0 : backlog / Stopwatch.GetElapsedTime(phase.EndedAt, lastArrival).TotalSeconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies.Count == 0 ? 0 : latencies[^1],
            phase.FirstRejection);
    }

    /// <summary>Nearest rank of a sorted list.</summary>
    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
