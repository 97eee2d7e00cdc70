using System.Diagnostics;
using System.Globalization;

namespace Webchat.Bench.Inbox;

/// <summary>Latencies of one measurement and the line <c>bench/run</c> reads: <c>INBOX name=… p50_ms= p95_ms= p99_ms= samples= errors=</c>.</summary>
internal sealed class Latency(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name => name;

    public int Errors { get; private set; }

    public int Count => _milliseconds.Count;

    public void Add(long startTimestamp) => _milliseconds.Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void AddMilliseconds(double milliseconds) => _milliseconds.Add(milliseconds);

    public void Fail() => Errors++;

    /// <summary>The nearest-rank percentile, NaN without samples.</summary>
    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public string ToLine(string? note = null) => string.Create(
        CultureInfo.InvariantCulture,
        $"INBOX name={name} p50_ms={Percentile(50):F2} p95_ms={Percentile(95):F2} p99_ms={Percentile(99):F2} samples={Count} errors={Errors}{(note is null ? "" : " note=" + note)}");

    /// <summary>Sends <paramref name="warmup"/> unmeasured requests, then <paramref name="samples"/> measured ones, one at a time.</summary>
    public static async Task<Latency> MeasureAsync(string name, int warmup, int samples, Func<int, CancellationToken, Task<bool>> request, CancellationToken cancellationToken)
    {
        var latency = new Latency(name);
        for (var i = 0; i < warmup; i++)
        {
            await request(i, cancellationToken);
        }

        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (await request(warmup + i, cancellationToken))
            {
                latency.Add(start);
            }
            else
            {
                latency.Fail();
            }
        }

        return latency;
    }
}
