using Webchat.Hub.Integrations;

namespace Webchat.Hub.Console.Work;

/// <summary>How the console names people: the first name, then the last name when there is one.</summary>
internal static class EmployeeNames
{
    public static string Of(Employee? employee) => employee is null ? "(unknown employee)" : Full(employee.Name, employee.LastName);

    public static string Full(string name, string? lastName) => string.IsNullOrEmpty(lastName) ? name : $"{name} {lastName}";
}
