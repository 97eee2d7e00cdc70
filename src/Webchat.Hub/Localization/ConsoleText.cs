using System.Globalization;
using System.Resources;

namespace Webchat.Hub.Localization;

/// <summary>
/// The console's words: <c>ConsoleText.resx</c> (English, the key is the English text itself) and one
/// <c>ConsoleText.&lt;language&gt;.resx</c> per other language. Pages read them through
/// <c>IStringLocalizer&lt;ConsoleText&gt;</c>; form handlers, which answer with a redirect, through <see cref="T"/>.
/// </summary>
public sealed class ConsoleText
{
    private static readonly ResourceManager Resources = new(typeof(ConsoleText));

    private ConsoleText()
    {
    }

    /// <summary>The English <paramref name="text"/> in the request's language, filled in with <paramref name="args"/> in its culture.</summary>
    public static string T(string text, params object?[] args)
    {
        var translated = Resources.GetString(text, CultureInfo.CurrentUICulture) ?? text;
        return args.Length == 0 ? translated : string.Format(CultureInfo.CurrentCulture, translated, args);
    }

    /// <summary>Validation messages in one line for a page, each in the request's language where it has a translation.</summary>
    public static string Joined(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return string.Join(" ", errors.Values.SelectMany(v => v).Select(message => T(message)));
    }
}
