using System.Security.Cryptography;
using System.Text;
using Webchat.Hub.Configuration;

namespace Webchat.Hub.Integrations;

/// <summary>A configured integration with the id of its stored row.</summary>
public sealed record ConnectedIntegration(int Id, IntegrationOptions Settings)
{
    public string ProviderId => Settings.ProviderId;
}

/// <summary>
/// The integrations and employees the hub was configured with, keyed by their stored ids.
/// Filled once on start, by <see cref="Storage.StoreInitializer"/>, before the hub takes requests.
/// </summary>
public sealed class IntegrationRegistry
{
    private IReadOnlyList<(ConnectedIntegration Integration, byte[] Token)> _integrations = [];
    private Dictionary<string, Employee> _employeesByEmail = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<int, Employee> _employeesById = [];

    internal void Load(IEnumerable<ConnectedIntegration> integrations, IEnumerable<Employee> employees)
    {
        _integrations = [.. integrations.Select(i => (i, Encoding.UTF8.GetBytes(i.Settings.PlanfixToken)))];
        _employeesByEmail = employees.ToDictionary(e => e.Email, StringComparer.OrdinalIgnoreCase);
        _employeesById = _employeesByEmail.Values.ToDictionary(e => e.Id);
    }

    /// <summary>Adds an employee created after start (by an administrator in the console).</summary>
    internal void AddEmployee(Employee employee)
    {
        // Copies, swapped in whole: readers on other threads see the old set or the new one.
        _employeesByEmail = new Dictionary<string, Employee>(_employeesByEmail, StringComparer.OrdinalIgnoreCase) { [employee.Email] = employee };
        _employeesById = new Dictionary<int, Employee>(_employeesById) { [employee.Id] = employee };
    }

    /// <summary>Every employee known, configured or added since.</summary>
    public IReadOnlyCollection<Employee> Employees => _employeesById.Values;

    /// <summary>
    /// The integration whose <c>PlanfixToken</c> is <paramref name="token"/>. Every configured token is
    /// compared, each in constant time, so the answer's timing tells nothing about any of them.
    /// </summary>
    public ConnectedIntegration? FindByToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(token);
        ConnectedIntegration? found = null;
        foreach (var (integration, expected) in _integrations)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                found = integration;
            }
        }

        return found;
    }

    public ConnectedIntegration? FindByProviderId(string providerId) =>
        _integrations.FirstOrDefault(i => i.Integration.ProviderId == providerId).Integration;

    public ConnectedIntegration? FindById(int id) => _integrations.FirstOrDefault(i => i.Integration.Id == id).Integration;

    public Employee? FindEmployee(string? email) => email is not null && _employeesByEmail.TryGetValue(email, out var employee) ? employee : null;

    public Employee? FindEmployee(int id) => _employeesById.GetValueOrDefault(id);

    /// <summary>
    /// The author of an echo message: the employee with <paramref name="userEmail"/>, else the
    /// integration's default employee, else the employee who set the integration up.
    /// </summary>
    public Employee EchoAuthor(ConnectedIntegration integration, string? userEmail)
    {
        ArgumentNullException.ThrowIfNull(integration);
        return FindEmployee(userEmail)
            ?? FindEmployee(integration.Settings.DefaultEmployeeEmail)
            ?? FindEmployee(integration.Settings.OwnerEmail)
            ?? throw new InvalidOperationException($"The owner of integration '{integration.ProviderId}' is not a configured employee.");
    }
}
