namespace Webchat.Hub.Contacts;

/// <summary>A person on the provider's side, keyed by (integration, the provider's <c>contactId</c>).</summary>
public sealed class Contact
{
    public long Id { get; set; }

    /// <summary>The hub's number of the contact: sequential, never reused.</summary>
    public long Number { get; set; }

    public int IntegrationId { get; set; }

    /// <summary>The provider's <c>contactId</c>.</summary>
    public required string ExternalId { get; set; }

    public required string Name { get; set; }

    public string? LastName { get; set; }

    public string? Ico { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Data { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    private const string HandMadePrefix = "~hub-";

    /// <summary>
    /// The contactId of a contact an operator added by hand, until a provider opens a chat with it and
    /// names it. The '~' keeps it apart from providers' ids in practice (they are numbers or plain tokens).
    /// </summary>
    public static string HandMadeId(long number) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{HandMadePrefix}{number}");

    /// <summary>Added by hand, and not yet named by a provider.</summary>
    public bool IsHandMade => ExternalId.StartsWith(HandMadePrefix, StringComparison.Ordinal);

    public string FullName => PersonName.Full(Name, LastName);
}
