namespace Webchat.Hub.Configuration;

/// <summary>The <c>Hub</c> configuration section: everything the hub is set up with.</summary>
public sealed class HubOptions
{
    public const string SectionName = "Hub";

    public StorageOptions Storage { get; set; } = new();

    /// <summary>
    /// The hub's address as providers reach it, e.g. <c>https://hub.example.com/</c>: the base of the URLs
    /// of uploaded files sent to providers. Unset: the address the operator's request came to.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Keys that open the operator API (<c>Authorization: Bearer &lt;key&gt;</c>).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// Keys that open the whole operator API, employee management too (<c>/api/employees</c>: adding
    /// administrators, resetting passwords), which <see cref="ApiKeys"/> are refused.
    /// </summary>
    public List<string> AdminApiKeys { get; set; } = [];

    public List<EmployeeOptions> Employees { get; set; } = [];

    public List<IntegrationOptions> Integrations { get; set; } = [];

    public InboundOptions Inbound { get; set; } = new();

    public NumberingOptions Numbering { get; set; } = new();
}

/// <summary><c>Hub:Storage</c>: which database holds the hub's data. The connection string is <c>ConnectionStrings:Hub</c>.</summary>
public sealed class StorageOptions
{
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// The most writes that may wait for the store's writers; when that many wait, a request that
    /// writes is answered 503 with Retry-After at once rather than queued without end.
    /// </summary>
    public int MaxQueuedWrites { get; set; } = 10_000;

    /// <summary>
    /// PostgreSQL: how many writers commit side by side, each on its own connection (a chat's writes
    /// always go to the same one). SQLite takes one writer at a time, so there the hub keeps one.
    /// </summary>
    public int Writers { get; set; } = 4;
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary><c>Hub:Employees:N</c>: a person who answers chats.</summary>
public sealed class EmployeeOptions
{
    public string Email { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? LastName { get; set; }

    /// <summary>Avatar URL, sent to providers as <c>userIco</c>.</summary>
    public string? Ico { get; set; }
}

/// <summary><c>Hub:Integrations:N</c>: one connected provider.</summary>
public sealed class IntegrationOptions
{
    public string ProviderId { get; set; } = string.Empty;

    /// <summary>The key the provider presents as <c>planfix_token</c>.</summary>
    public string PlanfixToken { get; set; } = string.Empty;

    /// <summary>Where the hub posts employees' answers.</summary>
    public Uri? ProviderUrl { get; set; }

    /// <summary>The key the hub presents to the provider as <c>token</c>.</summary>
    public string? ProviderToken { get; set; }

    /// <summary>The author of echo messages that name no employee.</summary>
    public string? DefaultEmployeeEmail { get; set; }

    /// <summary>The employee who set the integration up: the last fallback author of echo messages.</summary>
    public string OwnerEmail { get; set; } = string.Empty;

    public bool NewTaskIfNoActiveTask { get; set; } = true;

    public bool WriteButtonForContactsWithPhone { get; set; }

    /// <summary>The task template's custom string fields, filled by <c>data_&lt;field&gt;</c>.</summary>
    public List<string> TaskFields { get; set; } = [];
}

/// <summary><c>Hub:Inbound</c>: limits on what providers may send to <c>/webchat/api</c>.</summary>
public sealed class InboundOptions
{
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public int MaxAttachments { get; set; } = 50;

    public int MaxMessageLength { get; set; } = 65_536;
}

/// <summary><c>Hub:Numbering</c>: where task and contact numbers start.</summary>
public sealed class NumberingOptions
{
    public long FirstTaskNumber { get; set; } = 1;

    public long FirstContactNumber { get; set; } = 1;
}
