using System.Text;

namespace Webchat.Protocol.Tests;

/// <summary>Builds forms the way a caller puts them on the wire, and reads them back as the hub does.</summary>
internal static class Forms
{
    /// <summary>Fields in the given order, taken as they are (no encoding involved).</summary>
    public static FormFields Of(params (string Key, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Key, field.Value)));

    /// <summary>Decodes a raw <c>application/x-www-form-urlencoded</c> body, failing the test if it is refused.</summary>
    public static FormFields Parse(string body)
    {
        var decoded = FormUrlEncoding.TryDecode(Encoding.UTF8.GetBytes(body), out var fields, out var error);
        Assert.True(decoded, $"the body was refused: {error}");
        return fields;
    }

    /// <summary>
    /// Takes a request written as the protocol document shows it (one <c>key=value</c> per line, unescaped),
    /// escapes it as a client would send it, and decodes the body as the hub receives it.
    /// </summary>
    public static FormFields FromSample(string sample)
    {
        var body = new StringBuilder();
        foreach (var line in sample.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (body.Length > 0)
            {
                body.Append('&');
            }

            body.Append(FormUrlEncoding.Escape(line[..equals])).Append('=').Append(FormUrlEncoding.Escape(line[(equals + 1)..]));
        }

        return Parse(body.ToString());
    }

    /// <summary>The same fields with every occurrence of <paramref name="key"/> left out.</summary>
    public static FormFields Without(this FormFields form, string key) =>
        new(form.All.Where(field => field.Key != key));

    /// <summary>The same fields with <paramref name="key"/> set to <paramref name="value"/> (replacing it, or added at the end).</summary>
    public static FormFields With(this FormFields form, string key, string value)
    {
        var fields = form.All.Where(field => field.Key != key).ToList();
        fields.Add(new(key, value));
        return new(fields);
    }

    /// <summary>The same fields with more fields appended.</summary>
    public static FormFields Plus(this FormFields form, params (string Key, string Value)[] extra) =>
        new(form.All.Concat(extra.Select(field => new KeyValuePair<string, string>(field.Key, field.Value))));
}
