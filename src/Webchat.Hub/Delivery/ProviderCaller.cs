using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Delivery;

/// <summary>
/// Makes one <c>newMessage</c> call to a provider's URL and says what came of it: delivered, to be tried
/// again, or refused for good. It never retries by itself: retries live in the outbox, where they
/// survive a restart. The provider's token goes in the body only and is never logged.
/// </summary>
internal sealed class ProviderCaller(
    IHttpClientFactory clients,
    IntegrationRegistry registry,
    IOptions<DeliveryOptions> options,
    TimeProvider time)
{
    public const string HttpClientName = "Webchat.Hub.Providers";

    /// <summary>The longest chatId or contactId the store keeps (their columns' length).</summary>
    private const int MaxIdLength = 255;

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one is taken as this.</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    public async Task<AttemptResult> CallAsync(DeliveryJob job, CancellationToken abort)
    {
        var settings = options.Value;
        var at = time.GetUtcNow();
        var integration = registry.FindById(job.IntegrationId);
        if (integration?.Settings.ProviderUrl is not { } url)
        {
            // Configuration can be fixed and the hub restarted: worth retrying while the schedule lasts.
            return new(at, AttemptOutcome.Retry, null, 0, null,
                $"The integration has no ProviderUrl in Hub:Integrations (integration id {job.IntegrationId}): set it and restart the hub.");
        }

        if (job.IsFirstMessage && string.IsNullOrEmpty(job.ContactPhone))
        {
            return new(at, AttemptOutcome.Failed, null, 0, null, "A first message needs the contact's phone, and the contact has none.");
        }

        var author = job.AuthorEmployeeId is { } employeeId ? registry.FindEmployee(employeeId) : null;
        var message = new ProviderMessage(
            integration.ProviderId,
            integration.Settings.ProviderToken ?? string.Empty,
            job.Text,
            job.MessageId.ToString(CultureInfo.InvariantCulture),
            job.ChatId,
            job.Channel,
            job.ContactPhone,
            author?.Name,
            author?.LastName,
            author?.Ico,
            settings.TaskEmail(job.TaskNumber, integration.ProviderId),
            job.Attachments);

        using var activity = HubMetrics.ActivitySource.StartActivity("webchat.delivery.attempt", ActivityKind.Client);
        activity?.SetTag("webchat.integration", integration.ProviderId);
        activity?.SetTag("webchat.message_id", job.MessageId);

        // The attempt's deadline is on the hub's clock, like every other wait of the outbox.
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, abort);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(message.ToForm().Encode(), Encoding.UTF8, new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
            };
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            var (answer, cutOff) = await ReadAnswerAsync(response.Content, settings.MaxAnswerBytes, cancel.Token);
            var latency = LatencySince(started);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            return Classify(at, latency, (int)response.StatusCode, answer, cutOff, RetryAfter(response.Headers.RetryAfter, at), response.Headers.Location, job.IsFirstMessage, settings);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !abort.IsCancellationRequested)
        {
            return new(at, AttemptOutcome.Retry, null, LatencySince(started), null,
                $"No answer within {settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Hub:Delivery:Timeout).");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return new(at, AttemptOutcome.Retry, null, LatencySince(started), null, "Could not reach the provider: " + exception.Message);
        }
    }

    /// <summary>
    /// 2xx is delivered (a first message also needs the new chat's ids); 400 and 401 are the provider's
    /// final word, as are a redirect (never followed: the URL is configuration) and other 4xx; 408, 429
    /// and 5xx are worth another try.
    /// </summary>
    private static AttemptResult Classify(
        DateTimeOffset at, int latency, int status, string answer, bool cutOff, TimeSpan? retryAfter, Uri? location, bool firstMessage, DeliveryOptions settings)
    {
        // The provider's words are outside input: cleaned and cut so that either store takes them.
        var excerpt = StorableText.Cut(answer, DeliveryAttempt.MaxAnswerLength);
        AttemptResult Result(AttemptOutcome outcome, string? error, ProviderAnswer? opened = null) =>
            new(at, outcome, status, latency, excerpt.Length == 0 ? null : excerpt, error, outcome == AttemptOutcome.Retry ? retryAfter : null, opened);

        switch (status)
        {
            case >= 200 and < 300 when !firstMessage:
                return Result(AttemptOutcome.Delivered, null);
            case >= 200 and < 300 when cutOff:
                return Result(AttemptOutcome.Failed, $"The provider's answer to a first message is over {settings.MaxAnswerBytes} bytes (Hub:Delivery:MaxAnswerBytes), so the new chat's ids could not be read.");
            case >= 200 and < 300:
                return ReadOpenedChat(answer) is { } opened
                    ? Result(AttemptOutcome.Delivered, null, opened)
                    : Result(AttemptOutcome.Failed, $"The provider answered {status} to a first message without both chatId and contactId (each a string or a number of 1 to {MaxIdLength} characters), so the task cannot be linked to its chat.");
            case >= 300 and < 400:
                return Result(AttemptOutcome.Failed, $"The provider answered {status} redirecting to {location?.ToString() ?? "nowhere"}; redirects are not followed: set the integration's ProviderUrl to the final address.");
            case 400:
                return Result(AttemptOutcome.Failed, "The provider refused the message as invalid (400).");
            case 401:
                return Result(AttemptOutcome.Failed, "The provider refused the token (401): check the integration's ProviderToken.");
            case 408 or 429 or >= 500:
                return Result(AttemptOutcome.Retry, $"The provider answered {status}.");
            default:
                return Result(AttemptOutcome.Failed, $"The provider answered {status}.");
        }
    }

    /// <summary>The chat a provider opened for a first message: <c>{"chatId","contactId"}</c>, each a string or a number.</summary>
    private static ProviderAnswer? ReadOpenedChat(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var chatId = Id(document.RootElement, "chatId");
            var contactId = Id(document.RootElement, "contactId");
            return chatId is null || contactId is null ? null : new ProviderAnswer(chatId, contactId);
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Id(JsonElement answer, string name) => answer.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => StorableId(value.GetString()!),
                JsonValueKind.Number => StorableId(value.GetRawText()),
                _ => null,
            }
            : null;

        // An id is cleaned but never cut: a shortened id would name another chat.
        static string? StorableId(string id) => StorableText.Clean(id) is { Length: > 0 and <= MaxIdLength } clean ? clean : null;
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of the answer; the rest is not waited for.</summary>
    private static async Task<(string Text, bool CutOff)> ReadAnswerAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);

        // Rented: a fresh buffer of the whole limit (64 KiB) per attempt was most of the worker's garbage.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }

            return (Encoding.UTF8.GetString(buffer, 0, Math.Min(length, maxBytes)), length > maxBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        return wait is null ? null : TimeSpan.FromTicks(Math.Clamp(wait.Value.Ticks, 0, MaxRetryAfter.Ticks));
    }

    /// <summary>Latency is measured, not scheduled: it is the network's, on the real clock.</summary>
    private static int LatencySince(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}
