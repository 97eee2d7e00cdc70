using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Webchat.Protocol;

namespace Webchat.Client;

/// <summary>Receives the hub's calls to this provider in ASP.NET Core.</summary>
public static class WebchatProviderEndpoints
{
    /// <summary>The largest body the endpoint reads: the hub's calls are small forms.</summary>
    private const long MaxBodyBytes = 1 << 20;

    /// <summary>How many recent messages are remembered to drop the hub's repeats.</summary>
    private const int RememberedMessages = 10_000;

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> as this provider's URL for the hub. Each call is checked
    /// against <see cref="WebchatOptions.ProviderToken"/> in constant time (401 <c>{"error":"Invalid token"}</c>
    /// otherwise), read from an urlencoded or multipart form, and handed to <paramref name="handler"/> once per
    /// <c>messageId</c>: a repeat is answered as the first call was, without calling the handler again.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route, e.g. <c>/planfix</c>.</param>
    /// <param name="handler">
    /// Handles a message. For a first message (<see cref="IncomingHubMessage.IsFirstMessage"/>) it opens the
    /// chat and returns its <c>chatId</c> and <c>contactId</c>; for other messages it may return null.
    /// An exception answers 500, and the hub sends the message again later.
    /// </param>
    /// <returns>The endpoint's builder.</returns>
    /// <exception cref="InvalidOperationException">When <c>Webchat:ProviderToken</c> is not set.</exception>
    public static RouteHandlerBuilder MapWebchatProvider(
        this IEndpointRouteBuilder endpoints,
        [StringSyntax("Route")] string pattern,
        Func<IncomingHubMessage, CancellationToken, Task<ProviderAnswer?>> handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptionsMonitor<WebchatOptions>>();
        if (string.IsNullOrEmpty(options.CurrentValue.ProviderToken))
        {
            throw new InvalidOperationException("Webchat:ProviderToken is not set: the provider endpoint checks every call of the hub against it. Set it to the integration's provider token.");
        }

        var seen = new SeenMessages(RememberedMessages);
        return endpoints.MapPost(pattern, (HttpContext context, CancellationToken cancellationToken) =>
                ReceiveAsync(context, options.CurrentValue.ProviderToken, seen, handler, cancellationToken))
            .DisableAntiforgery();
    }

    private static async Task<Results<JsonHttpResult<ProviderAnswer>, JsonHttpResult<EmptyAnswer>, JsonHttpResult<ErrorAnswer>>> ReceiveAsync(
        HttpContext context,
        string expectedToken,
        SeenMessages seen,
        Func<IncomingHubMessage, CancellationToken, Task<ProviderAnswer?>> handler,
        CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, ProtocolErrors.TooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        FormFields? form;
        try
        {
            form = await ReadFormAsync(context.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, ProtocolErrors.TooLarge);
        }

        if (form is null)
        {
            return Error(StatusCodes.Status400BadRequest, ProtocolErrors.InvalidParameters);
        }

        if (!TokenMatches(form["token"], expectedToken))
        {
            return Error(StatusCodes.Status401Unauthorized, ProtocolErrors.InvalidToken);
        }

        if (ProviderMessage.FromForm(form) is not { } message)
        {
            return Error(StatusCodes.Status400BadRequest, ProtocolErrors.InvalidParameters);
        }

        var key = message.ProviderId + "\n" + message.MessageId;
        var earlier = seen.TryRepeat(key, out var slot);
        if (earlier is not null)
        {
            return Answer(await earlier.WaitAsync(cancellationToken).ConfigureAwait(false));
        }

        ProviderAnswer? answer;
        try
        {
            answer = await handler(IncomingHubMessage.From(message), cancellationToken).ConfigureAwait(false);
            if (message.IsFirstMessage && (string.IsNullOrEmpty(answer?.ChatId) || string.IsNullOrEmpty(answer.ContactId)))
            {
                throw new InvalidOperationException(
                    $"The handler of {context.Request.Path} returned no chatId and contactId for the first message {message.MessageId}: a first message (IsFirstMessage) must be answered with the chat it opened.");
            }
        }
        catch (Exception exception)
        {
            seen.Forget(key, slot!, exception);
            throw;
        }

        slot!.TrySetResult(answer);
        return Answer(answer);
    }

    /// <summary>The body as fields in order; null when it is not a form or cannot be read.</summary>
    private static async Task<FormFields?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException
            or BadHttpRequestException { StatusCode: not StatusCodes.Status413PayloadTooLarge })
        {
            return null;
        }

        // Values of one key keep their order, so the n-th attachments[name] still pairs with the n-th attachments[url].
        return new FormFields(form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? string.Empty))));
    }

    private static bool TokenMatches(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Hashes first, so the comparison takes the same time whatever the lengths.
        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expectedHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), presentedHash);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), expectedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }

    private static Results<JsonHttpResult<ProviderAnswer>, JsonHttpResult<EmptyAnswer>, JsonHttpResult<ErrorAnswer>> Answer(ProviderAnswer? answer) =>
        answer is null
            ? TypedResults.Json(new EmptyAnswer(), ProtocolJsonContext.Default.EmptyAnswer)
            : TypedResults.Json(answer, ProtocolJsonContext.Default.ProviderAnswer);

    private static JsonHttpResult<ErrorAnswer> Error(int status, string error) =>
        TypedResults.Json(new ErrorAnswer(error), ProtocolJsonContext.Default.ErrorAnswer, statusCode: status);
}
