using Webchat.Hub.Console.Admin;
using Webchat.Hub.Console.Contacts;
using Webchat.Hub.Console.TaskView;

namespace Webchat.Hub.Console;

/// <summary>Every console form post, by page.</summary>
internal static class ConsoleFormsMap
{
    public static IEndpointRouteBuilder MapConsoleForms(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTaskForms();
        endpoints.MapContactForms();
        endpoints.MapAdminForms();
        endpoints.MapNoteForms();
        Labels.LabelForms.MapLabelForms(endpoints);
        return endpoints;
    }
}
