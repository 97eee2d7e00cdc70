namespace Webchat.Hub.Integrations;

/// <summary>A person who answers chats, as configured in <c>Hub:Employees</c> and kept in step on start.</summary>
public sealed class Employee
{
    public int Id { get; set; }

    public required string Email { get; set; }

    public required string Name { get; set; }

    public string? LastName { get; set; }

    public string? Ico { get; set; }
}
