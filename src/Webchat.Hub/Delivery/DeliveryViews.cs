using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>One page of the delivery log, newest first; with <c>TotalCountCapped</c> there are at least <c>TotalCount</c> (<see cref="Operators.PageRequest.MaxCounted"/>) and maybe more; <c>HasNextPage</c> says whether the next page has any.</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, int Page, int PageSize, int TotalCount, int TotalPages, bool TotalCountCapped, bool HasNextPage);

/// <summary>A message's delivery: where it stands, the message's ticks, and every attempt.</summary>
public sealed record DeliveryView(
    long Id,
    long MessageId,
    long TaskNumber,
    string Integration,
    DeliveryState State,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    DeliveryStatus? MessageStatus,
    string? MessageStatusText,
    IReadOnlyList<AttemptView> Attempts);

/// <summary>One call to the provider: when, its answer's status and start, how long it took, and what came of it.</summary>
public sealed record AttemptView(DateTimeOffset At, AttemptOutcome Outcome, int? StatusCode, int LatencyMs, string? Answer, string? Error);

/// <summary>The failed deliveries of <see cref="Integration"/> whose messages were written in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record BulkRetryRequest(string? Integration, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The deliveries sent again, in the order they go.</summary>
public sealed record BulkRetryResult(int Retried, IReadOnlyList<long> DeliveryIds);
