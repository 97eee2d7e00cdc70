using Webchat.Hub.Contacts;
using Webchat.Hub.Integrations;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console.Work;

/// <summary>How the console names an employee, or says it does not know them (an employee since removed from the settings).</summary>
internal static class EmployeeNames
{
    public static string Of(Employee? employee) => employee is null ? T("(unknown employee)") : PersonName.Full(employee.Name, employee.LastName);
}
