using System.Globalization;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Webchat.Protocol;

namespace Webchat.Client;

/// <summary>
/// Sends the protocol's five commands to the hub at <see cref="WebchatOptions.HubUrl"/>, as the provider
/// <see cref="WebchatOptions.ProviderId"/>. A typed <see cref="HttpClient"/>: register it with
/// <c>services.AddWebchatClient(configuration)</c> and take it from dependency injection.
/// Every method throws <see cref="WebchatException"/> when the hub refuses the command or cannot be reached.
/// </summary>
public sealed class WebchatClient
{
    private readonly HttpClient _http;
    private readonly IOptionsMonitor<WebchatOptions> _options;

    /// <summary>Made by <c>AddWebchatClient</c>'s typed-client registration.</summary>
    /// <param name="httpClient">The client, with the retry pipeline <c>AddWebchatClient</c> set up.</param>
    /// <param name="options">The <c>Webchat</c> settings.</param>
    public WebchatClient(HttpClient httpClient, IOptionsMonitor<WebchatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options;
    }

    /// <summary><c>newMessage</c>: sends a contact's message (or an employee's echo) to the hub.</summary>
    /// <param name="request">The message and its chat, contact and task fields.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task and contact numbers, when the hub said them.</returns>
    public async Task<SendMessageResult> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contact = new ContactDetails(
            request.ContactId, request.ContactName, request.ContactLastName, request.ContactIco, request.ContactEmail, request.ContactPhone, request.ContactData);
        var command = new NewMessageCommand(
            ProviderId, request.ChatId, request.Message, contact, request.Channel, request.Title, request.Attachments, request.IsEcho, request.UserEmail, request.TaskData);
        var answer = await SendAsync(command, cancellationToken).ConfigureAwait(false);
        return new SendMessageResult(answer.Number, answer.ContactNumber);
    }

    /// <summary><c>getTask</c>: the number of the chat's current task.</summary>
    /// <param name="request">The chat.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task's number and, when the hub said, whether it is active.</returns>
    /// <exception cref="WebchatException">With <see cref="WebchatErrorKind.TaskNotFound"/> when the chat has no task.</exception>
    public async Task<GetTaskResult> GetTaskAsync(GetTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await SendAsync(new GetTaskCommand(ProviderId, request.ChatId), cancellationToken).ConfigureAwait(false);
        return new GetTaskResult(RequireNumber(answer, "task"), answer.StatusIsActive);
    }

    /// <summary><c>getContact</c>: the hub's number of a contact.</summary>
    /// <param name="request">The contact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contact's number.</returns>
    /// <exception cref="WebchatException">With <see cref="WebchatErrorKind.UnknownContact"/> when the hub does not know the contact.</exception>
    public async Task<GetContactResult> GetContactAsync(GetContactRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = await SendAsync(new GetContactCommand(ProviderId, request.ContactId), cancellationToken).ConfigureAwait(false);
        return new GetContactResult(RequireNumber(answer, "contact"));
    }

    /// <summary><c>updateContact</c>: sends a contact's new details.</summary>
    /// <param name="request">The contact and its details; null details are not sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the hub accepted the details.</returns>
    public Task UpdateContactAsync(UpdateContactRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contact = new ContactDetails(
            request.ContactId, request.ContactName, request.ContactLastName, request.ContactIco, request.ContactEmail, request.ContactPhone, request.ContactData);
        return SendAsync(new UpdateContactCommand(ProviderId, contact), cancellationToken);
    }

    /// <summary><c>messageStatus</c>: reports that a message the hub sent was delivered, read, or failed.</summary>
    /// <param name="request">The message and its status.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the hub accepted the status.</returns>
    /// <exception cref="WebchatException">With <see cref="WebchatErrorKind.InvalidParameters"/> when the hub sent no message with that id.</exception>
    public Task SendMessageStatusAsync(MessageStatusRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = request.Status switch
        {
            WebchatMessageStatus.Read => "read",
            WebchatMessageStatus.Error => "error",
            _ => "sent",
        };
        return SendAsync(new MessageStatusCommand(ProviderId, request.MessageId, status, request.StatusText), cancellationToken);
    }

    private string ProviderId => _options.CurrentValue.ProviderId;

    private async Task<HubAnswer> SendAsync(HubCommand command, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var url = options.HubUrl ?? throw new InvalidOperationException("Webchat:HubUrl is not set.");
        using var content = new FormUrlEncodedContent(HubCommandCodec.Encode(command, options.PlanfixToken).All);
        try
        {
            using var response = await _http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return HubAnswerReader.Read((int)response.StatusCode, body);
        }
        catch (HttpRequestException exception)
        {
            throw Unreachable(url, exception.Message, exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw Unreachable(url, $"no answer within {options.AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(url, "no answer within the client's timeout", exception);
        }
    }

    private static WebchatException Unreachable(Uri url, string reason, Exception exception) =>
        new(WebchatErrorKind.Unavailable, $"The hub at {url} could not be reached ({reason}): check Webchat:HubUrl and that the hub is running.", innerException: exception);

    private static long RequireNumber(HubAnswer answer, string what) => answer.Number
        ?? throw new WebchatException(WebchatErrorKind.Unavailable, $"The hub answered 200 without the {what}'s number: it may not speak the protocol; check Webchat:HubUrl.", 200);
}
