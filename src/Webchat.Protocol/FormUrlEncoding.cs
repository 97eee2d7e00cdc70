using System.Buffers;
using System.Text;

namespace Webchat.Protocol;

/// <summary>
/// A strict <c>application/x-www-form-urlencoded</c> codec. Unlike lenient decoders it refuses a
/// stray <c>%</c> or bytes that are not UTF-8, so a broken body is answered 400 instead of being
/// stored as mojibake.
/// </summary>
public static class FormUrlEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes a whole body. Returns false, with the reason, when the body is not a valid form.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> body, out FormFields fields, out string? error)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        fields = new FormFields(pairs);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(body.Length, 16));
        try
        {
            while (!body.IsEmpty)
            {
                var end = body.IndexOf((byte)'&');
                var pair = end < 0 ? body : body[..end];
                body = end < 0 ? [] : body[(end + 1)..];
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf((byte)'=');
                var rawKey = equals < 0 ? pair : pair[..equals];
                var rawValue = equals < 0 ? [] : pair[(equals + 1)..];
                if (!TryUnescape(rawKey, buffer, out var key, out error) || !TryUnescape(rawValue, buffer, out var value, out error))
                {
                    return false;
                }

                if (key.Length == 0)
                {
                    error = "a field has no name";
                    return false;
                }

                pairs.Add(new(key, value));
            }

            fields = new FormFields(pairs);
            error = null;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Escapes a key or value: unreserved characters stay, a space becomes <c>+</c>, the rest is percent-encoded UTF-8.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static bool TryUnescape(ReadOnlySpan<byte> raw, byte[] buffer, out string text, out string? error)
    {
        text = string.Empty;
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == '+')
            {
                buffer[length++] = (byte)' ';
            }
            else if (b == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    error = "broken percent-encoding";
                    return false;
                }

                buffer[length++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else
            {
                buffer[length++] = b;
            }
        }

        try
        {
            text = StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            error = "the body is not UTF-8";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
