using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Notes;

/// <summary>The operator API's private notes: <c>POST /api/tasks/{number}/notes</c>.</summary>
public static class NoteEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapNotes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/tasks/{number}/notes", AddAsync)
            .WithName("AddNote")
            .WithSummary("Adds an employee's private note to a task")
            .WithDescription(
                "JSON {\"text\",\"authorEmail\"}. A note is for employees only: it is never sent to the provider. It is among the task's "
                + "messages with the direction 'note', and found by search like them. Answers 201 once it is stored.")
            .Accepts<NoteRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<Created<NoteAdded>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> AddAsync(
        long number,
        HttpRequest request,
        NoteService notes,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<NoteRequest>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } note)
        {
            return TypedResults.Problem(body.Problem, statusCode: body.Status, title: "The note cannot be read");
        }

        NoteOutcome outcome;
        try
        {
            outcome = await notes.AddAsync(number, note.Text, note.AuthorEmail, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return TypedResults.Problem("The store could not take the note; it may not be stored. Look in the task before sending it again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store is unavailable");
        }

        return outcome switch
        {
            { Added: { } added } => TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"{OperatorApi.Prefix}/tasks/{number}"), added),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors, "Invalid field(s): " + string.Join(", ", errors.Keys) + ".", title: "The note is not valid"),
            _ => new NotFoundProblem("No such task", string.Create(CultureInfo.InvariantCulture, $"There is no task number {number}.")),
        };
    }
}
