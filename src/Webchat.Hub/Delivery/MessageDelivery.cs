namespace Webchat.Hub.Delivery;

/// <summary>
/// The outbox row of one message the hub sends to a provider. It is committed in the same write
/// as its message, so a reply the hub acknowledged is always on its way.
/// </summary>
public sealed class MessageDelivery
{
    public long Id { get; set; }

    /// <summary>The message; its id is the <c>messageId</c> of every attempt.</summary>
    public long MessageId { get; set; }

    public int IntegrationId { get; set; }

    /// <summary>
    /// What orders the delivery: a lane's next delivery waits until the one before it (lower id) is
    /// delivered or has finally failed. The chat (<c>chat:&lt;id&gt;</c>), or for a task that has no chat
    /// yet, the task (<c>task:&lt;id&gt;</c>) until the provider opens its chat.
    /// </summary>
    public required string Lane { get; set; }

    public DeliveryState State { get; set; }

    /// <summary>Attempts since the delivery was queued or last retried by hand: picks the next step of the retry schedule.</summary>
    public int AttemptCount { get; set; }

    /// <summary>When a pending delivery may be attempted.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The claim of the hub sending it now (while <see cref="DeliveryState.Delivering"/>): only that claim may record the attempt.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>
    /// Until when the claim holds. The hub sending renews it while it lives; once it has passed, any hub
    /// may claim the delivery again (its hub died mid-attempt), with the same messageId.
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was delivered or finally failed.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    public List<DeliveryAttempt> Attempts { get; set; } = [];

    public static string ChatLane(long chatId) => $"chat:{chatId}";

    public static string TaskLane(long taskId) => $"task:{taskId}";

    /// <summary>A task's lane: its head is a first message, which opens the chat and moves the rest to the chat's lane.</summary>
    public static bool IsTaskLane(string lane) => lane.StartsWith("task:", StringComparison.Ordinal);
}

public enum DeliveryState
{
    /// <summary>Waiting for its turn in the lane or for its next attempt.</summary>
    Pending = 0,

    /// <summary>An attempt is under way, by the hub holding the lease; when the lease runs out, another hub (or the same, restarted) sends it again.</summary>
    Delivering = 1,

    /// <summary>The provider answered 2xx.</summary>
    Delivered = 2,

    /// <summary>Refused for good, or out of retries; only a retry by hand sends it again.</summary>
    Failed = 3,
}

/// <summary>One call to the provider's URL and what came of it.</summary>
public sealed class DeliveryAttempt
{
    /// <summary>How much of the provider's answer is kept.</summary>
    public const int MaxAnswerLength = 512;

    public const int MaxErrorLength = 1024;

    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The provider's HTTP status; null when no answer came (timeout, connection error).</summary>
    public int? StatusCode { get; set; }

    public int LatencyMs { get; set; }

    /// <summary>The start of the provider's answer.</summary>
    public string? Answer { get; set; }

    public string? Error { get; set; }

    public AttemptOutcome Outcome { get; set; }
}

public enum AttemptOutcome
{
    Delivered = 0,

    /// <summary>Failed, to be tried again.</summary>
    Retry = 1,

    /// <summary>Failed for good.</summary>
    Failed = 2,
}
