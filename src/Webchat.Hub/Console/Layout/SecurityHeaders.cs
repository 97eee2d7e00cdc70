namespace Webchat.Hub.Console.Layout;

/// <summary>
/// Headers on every answer of the hub: scripts only from the hub itself (no inline script), no
/// framing, no content sniffing, no referrer leaking task URLs to attachment hosts.
/// </summary>
internal static class SecurityHeaders
{
    // Images only from the hub: attachment previews load the hub's copies (Attachments/), so no provider's
    // host learns which employee looks, from where, or when.
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Uploaded files set their own, stricter policy (a sandbox).
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = Policy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
