using System.Globalization;
using System.Text;

namespace Webchat.Hub.Search;

/// <summary>
/// What a person typed into a search box, as the words to look for. Only letters and digits
/// count: quotes, operators, NUL and the like separate words and never reach the store's query
/// syntax, so no input can break a query. The last word matches as a prefix (the user may still be
/// typing it); every word must match.
/// </summary>
internal sealed class SearchTerms
{
    /// <summary>Words after this many are ignored: a query stays cheap whatever is pasted into it.</summary>
    public const int MaxWords = 8;

    public const int MaxWordLength = 64;

    private const int MinPhoneDigits = 3;

    private SearchTerms(IReadOnlyList<string> words, string? phoneDigits)
    {
        Words = words;
        PhoneDigits = phoneDigits;
    }

    /// <summary>The words, lowercased and with "ё" as "е", in the order typed.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The digits of a query that looks like a phone number ("+7 (999) 123"), else null.</summary>
    public string? PhoneDigits { get; }

    /// <summary>True when there is nothing to look for.</summary>
    public bool IsEmpty => Words.Count == 0;

    public static SearchTerms Parse(string? text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var digits = new StringBuilder();
        var phoneLike = !string.IsNullOrWhiteSpace(text);
        foreach (var rune in (text ?? "").EnumerateRunes())
        {
            if (Rune.IsDigit(rune))
            {
                digits.Append(rune.ToString());
            }
            else if (rune.Value is not (' ' or '+' or '-' or '(' or ')' or '.'))
            {
                phoneLike = false;
            }

            if (IsWordPart(rune))
            {
                if (word.Length < MaxWordLength)
                {
                    word.Append(Fold(rune).ToString());
                }
            }
            else
            {
                Flush(word, words);
            }
        }

        Flush(word, words);
        return new SearchTerms(words, phoneLike && digits.Length >= MinPhoneDigits ? digits.ToString() : null);
    }

    /// <summary>The store's match text: <see cref="ToTsQuery"/> for PostgreSQL, <see cref="ToFts5"/> for SQLite.</summary>
    public string Match(bool postgres, bool withPhone) => postgres ? ToTsQuery(withPhone) : ToFts5(withPhone);

    /// <summary>An FTS5 match expression: each word a quoted string, the last one a prefix; on contacts also the phone's digits.</summary>
    public string ToFts5(bool withPhone)
    {
        var all = string.Join(" AND ", Words.Select((w, i) => Fts5String(w) + (i == Words.Count - 1 ? "*" : "")));
        return withPhone && PhoneDigits is { } phone ? $"({all}) OR PhoneDigits : {Fts5String(phone)}*" : all;
    }

    /// <summary>
    /// A <c>to_tsquery('simple', …)</c> text: each word a quoted lexeme, the last one a prefix; on
    /// contacts also the phone's digits.
    /// </summary>
    public string ToTsQuery(bool withPhone)
    {
        var all = string.Join(" & ", Words.Select((w, i) => TsLexeme(w) + (i == Words.Count - 1 ? ":*" : "")));
        return withPhone && PhoneDigits is { } phone ? $"({all}) | {TsLexeme(phone)}:*" : all;
    }

    /// <summary>Lowercase, and "ё" as "е", as both stores' indexes keep words (see the SearchIndex migrations).</summary>
    private static Rune Fold(Rune rune)
    {
        var lower = Rune.ToLowerInvariant(rune);
        return lower.Value == 'ё' ? new Rune('е') : lower;
    }

    private static bool IsWordPart(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length > 0 && words.Count < MaxWords)
        {
            words.Add(word.ToString());
        }

        word.Clear();
    }

    // Words hold letters and digits only; the escaping is a second line of defence.
    private static string Fts5String(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string TsLexeme(string word) =>
        "'" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
