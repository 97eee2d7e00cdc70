using System.Text;

namespace Webchat.Protocol;

/// <summary>
/// The fields of a form body in the order they arrived. Keys may repeat
/// (<c>attachments[name]</c>, <c>attachments[url]</c>); lookups are case-sensitive, as PHP's are.
/// </summary>
public sealed class FormFields
{
    private readonly List<KeyValuePair<string, string>> _fields;

    public FormFields(IEnumerable<KeyValuePair<string, string>> fields) => _fields = [.. fields];

    public IReadOnlyList<KeyValuePair<string, string>> All => _fields;

    /// <summary>The first value of <paramref name="key"/>, or null when it is absent.</summary>
    public string? this[string key]
    {
        get
        {
            foreach (var field in _fields)
            {
                if (string.Equals(field.Key, key, StringComparison.Ordinal))
                {
                    return field.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Every value of <paramref name="key"/>, in arrival order.</summary>
    public IReadOnlyList<string> GetAll(string key)
    {
        var values = new List<string>();
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, key, StringComparison.Ordinal))
            {
                values.Add(field.Value);
            }
        }

        return values;
    }

    /// <summary>Encodes the fields as <c>application/x-www-form-urlencoded</c> (UTF-8, spaces as <c>+</c>).</summary>
    public string Encode()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in _fields)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(FormUrlEncoding.Escape(key)).Append('=').Append(FormUrlEncoding.Escape(value));
        }

        return builder.ToString();
    }
}
