using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Webchat.Protocol;

namespace Webchat.Cli.CheckProvider;

/// <summary>
/// Posts the hub's calls to a provider as the hub does: a urlencoded form, no redirects followed, a
/// deadline per call, the answer read up to the hub's cap.
/// </summary>
internal sealed class ProbeSender(HttpClient http, Uri url, TimeSpan timeout) : IDisposable
{
    /// <summary>The hub reads this much of an answer (Hub:Delivery:MaxAnswerBytes' default).</summary>
    private const int MaxAnswerBytes = 64 * 1024;

    public static ProbeSender Create(Uri url, TimeSpan timeout) =>
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan }, url, timeout);

    public async Task<ProbeAnswer> SendAsync(FormFields form, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(form.Encode(), Encoding.UTF8, new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await ReadAsync(response.Content, deadline.Token);
            return new ProbeAnswer((int)response.StatusCode, body, Stopwatch.GetElapsedTime(started), null, response.Headers.Location?.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            return new ProbeAnswer(null, string.Empty, Stopwatch.GetElapsedTime(started), $"no answer within {seconds} s") { TimedOut = true };
        }
        catch (HttpRequestException exception)
        {
            return new ProbeAnswer(null, string.Empty, Stopwatch.GetElapsedTime(started), $"could not connect to {url}: {exception.Message}");
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task<string> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
