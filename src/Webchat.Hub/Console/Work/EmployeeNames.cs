using Webchat.Hub.Integrations;

namespace Webchat.Hub.Console.Work;

/// <summary>How the console names an employee.</summary>
internal static class EmployeeNames
{
    public static string Of(Employee? employee) =>
        employee is null ? "(unknown employee)" : string.IsNullOrEmpty(employee.LastName) ? employee.Name : $"{employee.Name} {employee.LastName}";
}
