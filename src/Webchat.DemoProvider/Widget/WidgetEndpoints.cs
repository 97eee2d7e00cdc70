using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Webchat.Client;
using Webchat.DemoProvider.Conversations;

namespace Webchat.DemoProvider.Widget;

/// <summary>The widget's API: the visitor's details, sending, the live feed of the conversation, read reports.</summary>
public static partial class WidgetEndpoints
{
    public const int MaxNameLength = 100;
    public const int MaxContactLength = 255;
    public const int MaxMessageLength = 4000;

    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireRateLimiting(VisitorLimits.RequestsPolicy);
        api.MapGet("/visitor", GetVisitor);
        api.MapPost("/messages", SendAsync).RequireRateLimiting(VisitorLimits.MessagesPolicy);
        api.MapGet("/events", Events);
        api.MapPost("/messages/{hubMessageId}/read", ReadAsync);
        return endpoints;
    }

    /// <summary>What the visitor told before, to fill the form in again; a newcomer gets a cookie and nothing is kept for them yet.</summary>
    internal static Ok<VisitorDetails> GetVisitor(HttpContext context, ConversationStore store) =>
        TypedResults.Ok(VisitorCookie.Get(context) is (var id, true) ? store.ForVisitor(id).Visitor : new VisitorDetails(null, null, null));

    /// <summary>Sends the visitor's message to the hub as <c>newMessage</c>; the chat's first message names the task.</summary>
    internal static async Task<Results<Ok<ChatEntry>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendMessageForm form, HttpContext context, ConversationStore store, WebchatClient hub, TimeProvider clock, ILoggerFactory logs, IStringLocalizer<WidgetText> words, CancellationToken cancellationToken)
    {
        var name = form.Name?.Trim() ?? string.Empty;
        var email = NullIfBlank(form.Email);
        var phone = NullIfBlank(form.Phone);
        var text = form.Message?.Trim() ?? string.Empty;
        var problems = new Dictionary<string, string[]>();
        Check(problems, "name", name.Length is > 0 and <= MaxNameLength, words["error.name", MaxNameLength]);
        Check(problems, "email", email is null || (email.Length <= MaxContactLength && email.Contains('@', StringComparison.Ordinal)), words["error.email"]);
        Check(problems, "phone", phone is null || phone.Length <= MaxContactLength, words["error.phone", MaxContactLength]);
        Check(problems, "message", text.Length is > 0 and <= MaxMessageLength, words["error.message", MaxMessageLength]);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems, title: words["error.notSent"]);
        }

        if (VisitorCookie.Conversation(context, store) is not { } conversation)
        {
            return Busy();
        }

        conversation.Introduce(new VisitorDetails(name, email, phone));
        try
        {
            await hub.SendMessageAsync(new SendMessageRequest
            {
                ChatId = conversation.ChatId,
                ContactId = conversation.ContactId,
                ContactName = name,
                ContactEmail = email,
                ContactPhone = phone,
                Message = text,
                // The title names the task when the hub opens it; sent again it would be ignored at best.
                Title = conversation.Started ? null : words["task.title", name].Value,
            }, cancellationToken);
        }
        catch (WebchatException exception)
        {
            LogHubRefused(logs.CreateLogger(typeof(WidgetEndpoints)), exception.Kind, exception.Message);
            // The reason stays in the log: it names the hub's internal address, which is no visitor's business.
            return TypedResults.Problem(
                title: words["error.unavailable"],
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        conversation.MarkStarted();
        var now = clock.GetUtcNow();
        return TypedResults.Ok(conversation.Add(id => new ChatEntry(id, ChatAuthor.Visitor, name, text, [], now), now));
    }

    /// <summary>The conversation as server-sent events: every line so far, then each new one as it comes.</summary>
    internal static Results<ServerSentEventsResult<ChatEntry>, ProblemHttpResult> Events(HttpContext context, ConversationStore store, IHostApplicationLifetime lifetime) =>
        VisitorCookie.Conversation(context, store) is { } conversation
            ? TypedResults.ServerSentEvents(Stream(conversation, lifetime.ApplicationStopping, context.RequestAborted), "message")
            : Busy();

    /// <summary>The widget showed an employee's message on a visible page: tells the hub it was read, once.</summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> ReadAsync(
        string hubMessageId, HttpContext context, ConversationStore store, WebchatClient hub, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (VisitorCookie.Get(context) is not (var id, true) || store.ForVisitor(id) is not { } conversation || !conversation.HasEmployeeMessage(hubMessageId))
        {
            return TypedResults.Problem(
                title: "No such message in your conversation",
                detail: $"Message {hubMessageId} is not one the chat service sent you; reload the page.",
                statusCode: StatusCodes.Status404NotFound);
        }

        if (!conversation.TryMarkRead(hubMessageId))
        {
            return TypedResults.NoContent();
        }

        try
        {
            await hub.SendMessageStatusAsync(new MessageStatusRequest(hubMessageId, WebchatMessageStatus.Read), cancellationToken);
            return TypedResults.NoContent();
        }
        catch (WebchatException exception)
        {
            conversation.UnmarkRead(hubMessageId);
            LogHubRefused(logs.CreateLogger(typeof(WidgetEndpoints)), exception.Kind, exception.Message);
            return TypedResults.Problem(title: "The read mark was not sent: the chat service is unavailable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async IAsyncEnumerable<ChatEntry> Stream(Conversation conversation, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The host's shutdown ends open streams too, or stopping would wait for every open page.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var (snapshot, live, close) = conversation.Open();
        try
        {
            foreach (var entry in snapshot)
            {
                yield return entry;
            }

            while (await WaitAsync(live, ended.Token))
            {
                while (live.TryRead(out var entry))
                {
                    yield return entry;
                }
            }
        }
        finally
        {
            close();
        }
    }

    private static async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<ChatEntry> live, CancellationToken cancellationToken)
    {
        try
        {
            return await live.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Only known visitors' conversations are kept and a newcomer may not push one out.</summary>
    private static ProblemHttpResult Busy() => TypedResults.Problem(
        title: "The chat is busy: try again in a few minutes.", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static void Check(Dictionary<string, string[]> problems, string field, bool ok, string fix)
    {
        if (!ok)
        {
            problems[field] = [fix];
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The hub refused or could not take a call ({Kind}): {Reason}")]
    private static partial void LogHubRefused(ILogger logger, WebchatErrorKind kind, string reason);
}
