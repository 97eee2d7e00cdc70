using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Webchat.Hub.Operators;

namespace Webchat.Hub.Replies;

/// <summary>The operator API's replies: an employee writes in a task, or writes first to a contact.</summary>
public static class ReplyEndpoints
{
    private const string BodyDescription =
        "JSON {\"text\",\"authorEmail\",\"attachments\":[{\"name\",\"url\"}]}, or multipart/form-data with the fields text and authorEmail "
        + "and any number of files (Hub:Uploads limits them), which the hub keeps and serves to the provider. Answers 202 with the messageId "
        + "once the message and its delivery are stored; the hub then delivers it, in the chat's order.";

    public static IEndpointRouteBuilder MapReplies(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tasks/{number}/messages", ReplyToTaskAsync)
            .WithName("ReplyToTask")
            .WithSummary("Sends an employee's reply to the task's chat")
            .WithDescription(BodyDescription)
            .TakesReply();
        endpoints.MapPost("/contacts/{number}/messages", WriteToContactAsync)
            .WithName("WriteToContact")
            .WithSummary("Writes first to a contact that has a phone but no chat")
            .WithDescription("Allowed when the integration's WriteButtonForContactsWithPhone is on. Opens a task for the contact; the provider's answer links it to the chat it opens. " + BodyDescription)
            .TakesReply();
        return endpoints;
    }

    /// <summary>What both reply endpoints take and may refuse, for the OpenAPI document.</summary>
    private static RouteHandlerBuilder TakesReply(this RouteHandlerBuilder endpoint) => endpoint
        .Accepts<ReplyRequest>("application/json", "multipart/form-data")
        .AddOpenApiOperationTransformer(DescribeMultipart)
        .DisableAntiforgery()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The multipart form has no links but files: text, authorEmail, and any number of files.</summary>
    private static Task DescribeMultipart(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var multipart) == true)
        {
            multipart.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["text"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The reply's text." },
                    ["authorEmail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The e-mail of the employee who writes (one of Hub:Employees)." },
                    ["files"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        Description = "Files to send; at most Hub:Uploads:MaxFiles, each at most Hub:Uploads:MaxFileBytes.",
                    },
                },
            };
        }

        return Task.CompletedTask;
    }

    internal static async Task<Results<Accepted<ReplyAccepted>, ValidationProblem, ProblemHttpResult>> ReplyToTaskAsync(
        long number,
        HttpRequest request,
        ReplyService replies,
        CancellationToken cancellationToken) =>
        ToResult(await replies.ReplyToTaskAsync(number, request, cancellationToken));

    internal static async Task<Results<Accepted<ReplyAccepted>, ValidationProblem, ProblemHttpResult>> WriteToContactAsync(
        long number,
        HttpRequest request,
        ReplyService replies,
        CancellationToken cancellationToken) =>
        ToResult(await replies.WriteToContactAsync(number, request, cancellationToken));

    private static Results<Accepted<ReplyAccepted>, ValidationProblem, ProblemHttpResult> ToResult(ReplyOutcome outcome) =>
        outcome.Accepted is { } accepted ? TypedResults.Accepted($"{OperatorApi.Prefix}/deliveries/{accepted.DeliveryId}", accepted)
        : outcome.Errors is { } errors ? TypedResults.ValidationProblem(errors, outcome.Detail, title: outcome.Title)
        : TypedResults.Problem(outcome.Detail, statusCode: outcome.Status, title: outcome.Title);
}
