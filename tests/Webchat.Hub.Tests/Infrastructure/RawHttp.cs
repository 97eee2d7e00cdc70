using System.Net.Sockets;
using System.Text;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// Requests no HTTP client would send: a body shorter than its Content-Length, broken chunks, a
/// declared length of 2 GB. Written byte by byte to a socket; the status line is read back.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Posts <paramref name="body"/> to <c>/webchat/api</c> with exactly <paramref name="headers"/> (and Host
    /// and <c>Connection: close</c>), and reads until the hub closes the connection. Returns the status
    /// the hub answered, or null when it closed the connection without an answer. The connection is
    /// left open meanwhile: a client that closes its side is gone, and Kestrel answers nobody.
    /// </summary>
    public static async Task<int?> PostAsync(Uri hub, byte[] body, params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var ct = TestContext.Current.CancellationToken;
        using var client = new TcpClient();
        await client.ConnectAsync(hub.Host, hub.Port, ct);
        var stream = client.GetStream();
        var head = new StringBuilder("POST /webchat/api HTTP/1.1\r\nConnection: close\r\n").Append("Host: ").Append(hub.Authority).Append("\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), ct);
        await stream.WriteAsync(body, ct);

        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, ct);
        }
        catch (IOException)
        {
            // A reset after the answer was written still leaves the answer readable below.
        }

        var text = Encoding.ASCII.GetString(answer.ToArray());
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(9, 3), provider: null) : null;
    }
}
