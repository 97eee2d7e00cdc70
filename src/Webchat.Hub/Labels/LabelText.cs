using System.Text;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Labels;

/// <summary>
/// The one rule for a label's text: trimmed, inner runs of white space made one space, and lower-cased with
/// <see cref="string.ToLowerInvariant()"/>, whose simple Unicode case mapping needs no ICU (the hub runs with
/// InvariantGlobalization), so "СРОЧНО" and "срочно" are one label on every machine.
/// </summary>
public static class LabelText
{
    public const int MaxLength = 50;

    /// <summary>The most labels one task carries.</summary>
    public const int MaxPerTask = 20;

    /// <summary>The normalized label, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static string? Normalize(string? value, out string? error)
    {
        error = null;
        if (value is null || !StorableText.IsStorable(value))
        {
            error = "A label must be text without NUL characters or broken UTF-16.";
            return null;
        }

        var text = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }

        var normalized = text.ToString().Trim().ToLowerInvariant();
        if (normalized.Length == 0)
        {
            error = "A label must not be empty.";
            return null;
        }

        if (normalized.Length > MaxLength)
        {
            error = $"A label must be at most {MaxLength} characters.";
            return null;
        }

        return normalized;
    }
}
