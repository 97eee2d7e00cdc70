using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Webchat.Hub.Uploads;

namespace Webchat.Hub.Attachments;

/// <summary>What came of one fetch: the staged copy, or why there is none and whether to try again.</summary>
internal sealed record FetchOutcome(StagedUpload? File, string? Error, bool Retry)
{
    public static FetchOutcome Refused(string error) => new(null, error, Retry: false);

    public static FetchOutcome Transient(string error) => new(null, error, Retry: true);
}

/// <summary>
/// Fetches a provider's file into the uploads folder: http(s) only, each redirect followed by hand and
/// checked again, every connection's resolved address checked as it is made (so a name that resolves
/// to a public address when looked at and a private one when connected to is still refused), within
/// <see cref="AttachmentOptions.MaxBytes"/> and <see cref="AttachmentOptions.Timeout"/>.
/// </summary>
internal sealed class AttachmentFetcher : IDisposable
{
    private const int MaxRedirects = 5;

    private readonly IOptions<AttachmentOptions> _options;
    private readonly UploadStore _uploads;
    private readonly HttpClient _http;

    public AttachmentFetcher(IOptions<AttachmentOptions> options, UploadStore uploads)
    {
        _options = options;
        _uploads = uploads;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would connect for us, past the address check.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<FetchOutcome> FetchAsync(string url, string name, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            return FetchOutcome.Refused("The link is not an absolute address.");
        }

        try
        {
            for (var hop = 0; hop <= MaxRedirects; hop++)
            {
                if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
                {
                    return FetchOutcome.Refused($"Only http and https links are fetched, not {address.Scheme}.");
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, address);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    address = new Uri(address, location);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var code = (int)response.StatusCode;
                    var error = $"The provider's host answered {code}.";
                    return code is >= 500 or 408 or 429 ? FetchOutcome.Transient(error) : FetchOutcome.Refused(error);
                }

                if (response.Content.Headers.ContentLength > options.MaxBytes)
                {
                    return FetchOutcome.Refused($"The file is larger than {options.MaxBytes} bytes.");
                }

                await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                var staged = await _uploads.StageAsync(body, name, response.Content.Headers.ContentType?.ToString(), options.MaxBytes, deadline.Token);
                return staged is null ? FetchOutcome.Refused($"The file is larger than {options.MaxBytes} bytes.") : new FetchOutcome(staged, null, Retry: false);
            }

            return FetchOutcome.Refused($"More than {MaxRedirects} redirects.");
        }
        catch (HttpRequestException exception) when (FindRefusal(exception) is { } refused)
        {
            return FetchOutcome.Refused(refused.Message);
        }
        catch (RefusedAddressException refused)
        {
            return FetchOutcome.Refused(refused.Message);
        }
        catch (HttpRequestException exception)
        {
            return FetchOutcome.Transient($"The file could not be fetched: {exception.Message}");
        }
        catch (IOException exception)
        {
            return FetchOutcome.Transient($"The file could not be fetched: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchOutcome.Transient($"The fetch took longer than {options.Timeout}.");
        }
    }

    public void Dispose() => _http.Dispose();

    private static RefusedAddressException? FindRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is RefusedAddressException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!_options.Value.AllowPrivateAddresses && addresses.FirstOrDefault(a => !AddressRules.IsPublic(a)) is { } refused)
        {
            throw new RefusedAddressException($"The address {refused} of {host} is not a public one (Hub:Attachments:AllowPrivateAddresses is off).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A link that leads to an address the hub does not fetch from.</summary>
internal sealed class RefusedAddressException(string message) : IOException(message);
