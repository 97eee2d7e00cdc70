using Webchat.Protocol;

namespace Webchat.Hub.Messages;

/// <summary>The order of a sent message's ticks: pending, then sent, then read; an error only before it was read.</summary>
public static class MessageTicks
{
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
