namespace Webchat.Hub.Contacts;

/// <summary>
/// A contact: the hub's number, the provider's contactId, the integration's providerId, and the
/// numbers of the tasks the contact is the assigner of: the newest page of them (or the page before
/// <c>tasksBefore</c>), oldest first; <paramref name="OlderTasksBefore"/> reads the page before when there is one.
/// </summary>
public sealed record ContactProfile(
    long Number,
    string ContactId,
    string Integration,
    string Name,
    string? LastName,
    string? Email,
    string? Phone,
    string? Ico,
    string? Data,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<long> Tasks,
    long? OlderTasksBefore);

/// <summary>One page of contacts, newest first; with <c>TotalCountCapped</c> there are at least <c>TotalCount</c> (<see cref="Operators.PageRequest.MaxCounted"/>) and maybe more; <c>HasNextPage</c> says whether the next page has any.</summary>
public sealed record ContactPage(IReadOnlyList<ContactSummary> Items, int Page, int PageSize, int TotalCount, int TotalPages, bool TotalCountCapped, bool HasNextPage);

/// <summary>A contact as a row of the list.</summary>
public sealed record ContactSummary(
    long Number,
    string ContactId,
    string Integration,
    string Name,
    string? LastName,
    string? Email,
    string? Phone,
    string? Ico,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A contact an operator adds by hand: the integration (its providerId) and the name are required.</summary>
public sealed record NewContact(string? Integration, string? Name, string? LastName, string? Phone, string? Email);

/// <summary>
/// Changes to a contact's details. A field left out (or null) stays as it is; an empty string
/// clears the last name, phone or e-mail. The name cannot be cleared.
/// </summary>
public sealed record ContactChanges(string? Name, string? LastName, string? Phone, string? Email);
