using System.Buffers;
using System.Text;

namespace Webchat.Hub.Storage;

/// <summary>
/// Text from outside (a provider's form or answer, an operator's reply) made fit to store on either
/// store: PostgreSQL refuses a NUL and a lone half of a surrogate pair, which SQLite would keep. Every
/// edge cleans with this before anything is written; nothing is cleaned in the SQL.
/// </summary>
public static class StorableText
{
    /// <summary>NUL and every surrogate: what a scan stops at to look closer.</summary>
    private static readonly SearchValues<char> Unstorable =
        SearchValues.Create(['\0', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    /// <summary>True when <paramref name="value"/> can be stored as it is: no NUL, no lone surrogate.</summary>
    public static bool IsStorable(ReadOnlySpan<char> value)
    {
        var at = value.IndexOfAny(Unstorable);
        while (at >= 0)
        {
            if (value[at] == '\0' || !IsPaired(value, at))
            {
                return false;
            }

            // A pair is two characters; look on after it.
            var next = at + 2;
            var rest = value[next..].IndexOfAny(Unstorable);
            at = rest < 0 ? -1 : next + rest;
        }

        return true;
    }

    /// <summary>
    /// <paramref name="value"/> without NUL characters and with every lone surrogate replaced by U+FFFD;
    /// the same instance when there was nothing to clean.
    /// </summary>
    public static string Clean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsStorable(value))
        {
            return value;
        }

        var clean = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
            }
            else
            {
                clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return clean.ToString();
    }

    /// <summary>Cleans <paramref name="value"/> and keeps at most <paramref name="maxLength"/> characters of it, never half a surrogate pair.</summary>
    public static string Cut(string value, int maxLength)
    {
        var clean = Clean(value);
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        var end = char.IsHighSurrogate(clean[maxLength - 1]) ? maxLength - 1 : maxLength;
        return clean[..end];
    }

    /// <summary>As <see cref="Cut"/>, marking the cut with an ellipsis within the limit.</summary>
    public static string Shorten(string value, int maxLength)
    {
        var clean = Clean(value);
        return clean.Length <= maxLength ? clean : Cut(clean, maxLength - 1) + "…";
    }

    private static bool IsPaired(ReadOnlySpan<char> value, int at) =>
        char.IsHighSurrogate(value[at]) && at + 1 < value.Length && char.IsLowSurrogate(value[at + 1]);
}
