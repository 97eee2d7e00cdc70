using System.Globalization;

namespace Webchat.Hub.Contacts;

/// <summary>
/// What an operator may store as a contact's details: each value trimmed, no control characters,
/// at most the protocol's 255 characters; a phone of phone characters with a few digits; an
/// e-mail with one '@' and no spaces. Problems are added to the errors by field name.
/// </summary>
internal static class ContactDetailsRules
{
    public const int MaxLength = 255;

    private const int MinPhoneDigits = 3;

    /// <summary>The cleaned value: null when absent, empty when sent empty (or only spaces).</summary>
    public static string? Clean(string? value, string field, bool required, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors[field] = [$"{field} is required."];
            }

            return value is null ? null : "";
        }

        if (trimmed.Length > MaxLength)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be at most {MaxLength} characters, not {trimmed.Length}.")];
        }
        else if (trimmed.Any(char.IsControl))
        {
            errors[field] = [$"{field} must not hold control characters (line breaks, tabs, NUL)."];
        }
        else if (field == "phone" && !IsPhone(trimmed))
        {
            errors[field] = [$"phone '{trimmed}' is not a phone number: use digits, spaces and + ( ) - . only, e.g. +7 905 123-45-67."];
        }
        else if (field == "email" && !IsEmail(trimmed))
        {
            errors[field] = [$"email '{trimmed}' is not an e-mail address: it needs one '@' with text on both sides and no spaces."];
        }

        return trimmed;
    }

    private static bool IsPhone(string phone) =>
        phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '-' or '.') && phone.Count(char.IsAsciiDigit) >= MinPhoneDigits;

    private static bool IsEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < email.Length - 1 && at == email.LastIndexOf('@') && !email.Any(char.IsWhiteSpace);
    }
}
