using Webchat.Protocol;

namespace Webchat.Hub.Messages;

/// <summary>The order of a sent message's ticks: pending, then sent, then read; an error only before it was read.</summary>
public static class MessageTicks
{
    /// <summary>The most steps a message's timeline keeps: the first, and the latest ones.</summary>
    public const int MaxTimeline = 50;

    /// <summary>
    /// Makes room for one more step: drops the oldest steps after the first, so the timeline never holds more
    /// than <see cref="MaxTimeline"/> (a provider reporting the same message again and again cannot grow it).
    /// </summary>
    public static void KeepBounded(List<MessageStatusEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        if (timeline.Count < MaxTimeline)
        {
            return;
        }

        timeline.Sort((a, b) => a.Id.CompareTo(b.Id));
        timeline.RemoveRange(1, timeline.Count - MaxTimeline + 1);
    }

    /// <summary>True when <paramref name="next"/> may replace <paramref name="current"/>: ticks never move backwards.</summary>
    public static bool MovesForward(DeliveryStatus current, DeliveryStatus next) => (current, next) switch
    {
        (DeliveryStatus.Read, _) => false,
        (_, DeliveryStatus.Read) => true,
        (DeliveryStatus.Pending or DeliveryStatus.Error, DeliveryStatus.Sent) => true,
        (DeliveryStatus.Pending or DeliveryStatus.Sent, DeliveryStatus.Error) => true,
        _ => false,
    };
}
