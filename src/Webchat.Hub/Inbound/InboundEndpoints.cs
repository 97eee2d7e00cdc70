using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;
using Webchat.Hub.RateLimits;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary><c>POST /webchat/api</c>: the one entry point providers call.</summary>
public static partial class InboundEndpoints
{
    public const string Route = "/webchat/api";

    public static IEndpointRouteBuilder MapInbound(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, HandleAsync)
            .RequireRateLimiting(RateLimitSetup.AddressPolicy)
            .DisableAntiforgery()
            .WithName("ProviderCommand")
            .WithTags("Provider protocol")
            .WithSummary("The protocol's one entry point: a provider's command")
            .WithDescription("A form (urlencoded or multipart) with cmd, providerId and planfix_token, and the command's fields. "
                + "Answers {\"data\":{\"number\",\"contactNumber\"}} to newMessage, {\"data\":{\"number\",\"statusIsActive\"}} to getTask, "
                + "{\"data\":{\"number\"}} to getContact, {} otherwise; errors are {\"error\":\"…\"}: 400 Invalid parameters, 401 Invalid token, "
                + "413 Request too large, 429 Too many requests (Retry-After), 503 Temporarily unavailable (Retry-After). Protocol: docs/planfix-chat-api.md.")
            .AddOpenApiOperationTransformer(DescribeForm)
            .Produces<DataAnswer<MessageAcceptedData>>(StatusCodes.Status200OK)
            .Produces<ErrorAnswer>(StatusCodes.Status400BadRequest)
            .Produces<ErrorAnswer>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorAnswer>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ErrorAnswer>(StatusCodes.Status429TooManyRequests)
            .Produces<ErrorAnswer>(StatusCodes.Status503ServiceUnavailable)
            .WithoutApiKey();
        return endpoints;
    }

    /// <summary>
    /// The form in the OpenAPI document. Not with Accepts: that would make routing answer 415 to other
    /// content types, where the protocol wants its own 400 {"error":"Invalid parameters"}.
    /// </summary>
    private static async Task DescribeForm(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProviderForm), null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/x-www-form-urlencoded"] = new() { Schema = schema },
                ["multipart/form-data"] = new() { Schema = schema },
            },
        };
    }

    internal static async Task<Results<
        JsonHttpResult<DataAnswer<MessageAcceptedData>>,
        JsonHttpResult<DataAnswer<TaskNumberData>>,
        JsonHttpResult<DataAnswer<ContactNumberData>>,
        JsonHttpResult<EmptyAnswer>,
        JsonHttpResult<ErrorAnswer>>> HandleAsync(
        HttpRequest request,
        ProviderCommandHandler handler,
        IntegrationRegistry integrations,
        IntegrationRateLimiter rateLimiter,
        IOptions<HubOptions> options,
        HubMetrics metrics,
        ILogger<ProviderCommandHandler> logger,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var limits = options.Value.Inbound;
        var body = await ProviderFormReader.ReadAsync(request, limits.MaxBodyBytes, cancellationToken);
        if (body.Fields is not { } form)
        {
            LogUnreadableBody(logger, body.Problem!);
            return Error(body.ErrorStatus, body.ErrorStatus == StatusCodes.Status413PayloadTooLarge ? ProtocolErrors.TooLarge : ProtocolErrors.InvalidParameters);
        }

        // The key first: a caller without it learns nothing, not even whether its command was well formed.
        var integration = integrations.FindByToken(HubCommandCodec.ReadToken(form));
        if (integration is null)
        {
            return Refuse(metrics, started, form["cmd"]);
        }

        if (rateLimiter.TryAcquire(integration.ProviderId) is { } retryAfter)
        {
            request.HttpContext.Response.Headers.RetryAfter = retryAfter;
            Count(metrics, started, form["cmd"], "limited");
            return Error(StatusCodes.Status429TooManyRequests, ProtocolErrors.TooManyRequests);
        }

        if (!HubCommandCodec.TryDecode(form, limits.ToProtocolLimits(), out var command, out var problem))
        {
            LogInvalidCommand(logger, integration.ProviderId, problem!);
            Count(metrics, started, form["cmd"], "invalid");
            return Error(StatusCodes.Status400BadRequest, ProtocolErrors.InvalidParameters);
        }

        // A token opens only its own integration.
        if (!string.Equals(command!.ProviderId, integration.ProviderId, StringComparison.Ordinal))
        {
            return Refuse(metrics, started, command.Name);
        }

        try
        {
            var answer = await DispatchAsync(handler, integration, command, cancellationToken);
            Count(metrics, started, command.Name, answer.Result is JsonHttpResult<ErrorAnswer> ? "rejected" : "ok");
            return answer;
        }
        catch (StoreUnavailableException exception)
        {
            LogStoreUnavailable(logger, command.Name, exception);
            Count(metrics, started, command.Name, "unavailable");
            return Error(StatusCodes.Status503ServiceUnavailable, ProtocolErrors.TemporarilyUnavailable);
        }
        catch (StoreRejectedException exception)
        {
            // Not an outage: the same command would be refused again, so the provider must not send it again as it is.
            LogStoreRejected(logger, integration.ProviderId, command.Name, exception.Message);
            Count(metrics, started, command.Name, "invalid");
            return Error(StatusCodes.Status400BadRequest, ProtocolErrors.InvalidParameters);
        }
    }

    private static async Task<Results<
        JsonHttpResult<DataAnswer<MessageAcceptedData>>,
        JsonHttpResult<DataAnswer<TaskNumberData>>,
        JsonHttpResult<DataAnswer<ContactNumberData>>,
        JsonHttpResult<EmptyAnswer>,
        JsonHttpResult<ErrorAnswer>>> DispatchAsync(ProviderCommandHandler handler, ConnectedIntegration integration, HubCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case NewMessageCommand newMessage:
                return Ok(await handler.NewMessageAsync(integration, newMessage, cancellationToken));
            case GetTaskCommand getTask:
                return await handler.GetTaskAsync(integration, getTask, cancellationToken) is { } task
                    ? Ok(task)
                    : Error(StatusCodes.Status400BadRequest, ProtocolErrors.TaskNotFound);
            case GetContactCommand getContact:
                return await handler.GetContactNumberAsync(integration, getContact, cancellationToken) is { } number
                    ? Ok(new ContactNumberData(number))
                    : Error(StatusCodes.Status400BadRequest, ProtocolErrors.UnknownContact);
            case UpdateContactCommand updateContact:
                await handler.UpdateContactAsync(integration, updateContact, cancellationToken);
                return TypedResults.Json(new EmptyAnswer(), ProtocolJsonContext.Default.EmptyAnswer);
            case MessageStatusCommand messageStatus:
                return await handler.MessageStatusAsync(integration, messageStatus, cancellationToken)
                    ? TypedResults.Json(new EmptyAnswer(), ProtocolJsonContext.Default.EmptyAnswer)
                    : Error(StatusCodes.Status400BadRequest, ProtocolErrors.InvalidParameters);
            default:
                throw new InvalidOperationException($"No handler for {command.Name}.");
        }
    }

    private static JsonHttpResult<DataAnswer<MessageAcceptedData>> Ok(MessageAcceptedData data) =>
        TypedResults.Json(new DataAnswer<MessageAcceptedData>(data), ProtocolJsonContext.Default.DataAnswerMessageAcceptedData);

    private static JsonHttpResult<DataAnswer<TaskNumberData>> Ok(TaskNumberData data) =>
        TypedResults.Json(new DataAnswer<TaskNumberData>(data), ProtocolJsonContext.Default.DataAnswerTaskNumberData);

    private static JsonHttpResult<DataAnswer<ContactNumberData>> Ok(ContactNumberData data) =>
        TypedResults.Json(new DataAnswer<ContactNumberData>(data), ProtocolJsonContext.Default.DataAnswerContactNumberData);

    private static JsonHttpResult<ErrorAnswer> Error(int status, string error) =>
        TypedResults.Json(new ErrorAnswer(error), ProtocolJsonContext.Default.ErrorAnswer, statusCode: status);

    private static JsonHttpResult<ErrorAnswer> Refuse(HubMetrics metrics, long started, string? cmd)
    {
        Count(metrics, started, cmd, "unauthorized");
        return Error(StatusCodes.Status401Unauthorized, ProtocolErrors.InvalidToken);
    }

    private static void Count(HubMetrics metrics, long started, string? cmd, string outcome)
    {
        KeyValuePair<string, object?> command = new("cmd", cmd is HubCommandNames.NewMessage or HubCommandNames.GetTask or HubCommandNames.GetContact
            or HubCommandNames.UpdateContact or HubCommandNames.MessageStatus ? cmd : "other");
        metrics.InboundCommands.Add(1, command, new("outcome", outcome));
        metrics.InboundDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, command, new("outcome", outcome));
    }

    private static ProtocolLimits ToProtocolLimits(this InboundOptions options) => ProtocolLimits.Default with
    {
        MaxAttachments = options.MaxAttachments,
        MaxMessageLength = options.MaxMessageLength,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "A body to /webchat/api was refused: {Problem}")]
    private static partial void LogUnreadableBody(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Integration {ProviderId} sent an invalid command: {Problem}")]
    private static partial void LogInvalidCommand(ILogger logger, string providerId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integration {ProviderId}: {Cmd} was refused by the store: {Reason}")]
    private static partial void LogStoreRejected(ILogger logger, string providerId, string cmd, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Cmd} could not be stored; the provider was asked to send it again")]
    private static partial void LogStoreUnavailable(ILogger logger, string cmd, Exception exception);
}
