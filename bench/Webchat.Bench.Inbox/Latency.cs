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

    /// <summary>
    /// Sends up to <paramref name="warmup"/> unmeasured requests, then up to <paramref name="samples"/>
    /// measured ones, one at a time, within <see cref="Budget"/> in all (a quarter of it at most for the
    /// warm-up): a page that takes seconds is
    /// measured with fewer samples (the row says how many) instead of holding the run for an hour. A
    /// request that fails or times out counts as an error.
    /// </summary>
    public static async Task<Latency> MeasureAsync(string name, int warmup, int samples, Func<int, CancellationToken, Task<bool>> request, CancellationToken cancellationToken)
    {
        var latency = new Latency(name);
        var started = Stopwatch.GetTimestamp();
        bool Spent(double share) => Stopwatch.GetElapsedTime(started) > Budget * share;
        for (var i = 0; i < warmup && !Spent(0.25); i++)
        {
            await TryAsync(request, i, cancellationToken);
        }

        for (var i = 0; i < samples && !Spent(1); i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (await TryAsync(request, warmup + i, cancellationToken))
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

    /// <summary>The most one measurement may take, warm-up included.</summary>
    public static TimeSpan Budget { get; } = TimeSpan.FromSeconds(40);

    private static async Task<bool> TryAsync(Func<int, CancellationToken, Task<bool>> request, int index, CancellationToken cancellationToken)
    {
        try
        {
            return await request(index, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
