namespace Webchat.Hub.Console.Layout;

/// <summary>
/// Which addresses from outside may become a link or an image in the console: absolute http(s) only.
/// A provider's <c>file:</c>, <c>javascript:</c> or <c>search-ms:</c> address is shown as text, never followed.
/// </summary>
public static class WebLink
{
    public static bool IsWeb(string? address) =>
        !string.IsNullOrEmpty(address)
        && Uri.TryCreate(address, UriKind.Absolute, out var url)
        && url.Scheme is "http" or "https"
        && url.Host.Length > 0;
}
