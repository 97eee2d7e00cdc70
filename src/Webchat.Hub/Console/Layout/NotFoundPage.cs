using Microsoft.AspNetCore.Diagnostics;

namespace Webchat.Hub.Console.Layout;

/// <summary>A console page about something that does not exist: answered 404, with the page itself as the body.</summary>
internal static class NotFoundPage
{
    public static void Mark(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        // The API's problem body is for machines; a person gets the page that says what is missing.
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}
