using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Labels;

/// <summary>The operator API's labels: a task's labels, and the labels in use (renamed or deleted everywhere).</summary>
public static class LabelEndpoints
{
    /// <summary>Enough for <see cref="LabelText.MaxPerTask"/> labels of any length, with room for escapes.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapLabels(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/tasks/{number}/labels", SetAsync)
            .WithName("SetTaskLabels")
            .WithSummary("Sets a task's labels")
            .WithDescription(
                "JSON {\"labels\":[…]}: the task then carries exactly these. Each label is trimmed, inner white space made one space, "
                + $"and lower-cased (labels are case-insensitive, Cyrillic too); at most {LabelText.MaxLength} characters each, "
                + $"at most {LabelText.MaxPerTask} per task; repeats count once.")
            .Accepts<LabelsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var labels = endpoints.MapGroup("/labels");
        labels.MapGet("/", ListAsync)
            .WithName("ListLabels")
            .WithSummary("Lists the labels in use, the most used first")
            .WithDescription($"Each with the number of tasks that carry it; at most {TaskLabelStore.MaxListed}.");
        // Renaming or deleting changes every task at once: administrators' keys (Hub:AdminApiKeys) only.
        labels.MapPut("/{name}", RenameAsync)
            .RequireAuthorization(OperatorApi.AdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("RenameLabel")
            .WithSummary("Renames a label on every task")
            .WithDescription("Administrators' keys only. JSON {\"name\":\"new name\"}. A task that carries both the old and the new label keeps one. Answers 404 when no task carries the label.")
            .Accepts<LabelRename>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        labels.MapDelete("/{name}", DeleteAsync)
            .RequireAuthorization(OperatorApi.AdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("DeleteLabel")
            .WithSummary("Takes a label off every task")
            .WithDescription("Administrators' keys only. Answers 404 when no task carries the label.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    internal static async Task<Results<Ok<TaskLabels>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> SetAsync(
        long number,
        HttpRequest request,
        TaskLabelStore store,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<LabelsRequest>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } value)
        {
            return Refused(body.Status, body.Problem!);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        if (value.Labels is null)
        {
            errors["labels"] = ["labels is required: a list of texts (empty to take every label off)."];
        }
        else
        {
            for (var i = 0; i < value.Labels.Count; i++)
            {
                if (LabelText.Normalize(value.Labels[i], out var error) is { } label)
                {
                    labels.Add(label);
                }
                else
                {
                    errors[string.Create(CultureInfo.InvariantCulture, $"labels[{i}]")] = [error!];
                }
            }

            if (labels.Count > LabelText.MaxPerTask)
            {
                errors["labels"] = [string.Create(CultureInfo.InvariantCulture, $"A task carries at most {LabelText.MaxPerTask} labels, not {labels.Count}.")];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, "Invalid field(s): " + string.Join(", ", errors.Keys) + ".", title: "The labels are not valid");
        }

        try
        {
            return await store.SetAsync(number, labels, cancellationToken) is { } result
                ? TypedResults.Ok(result)
                : new NotFoundProblem("No such task", string.Create(CultureInfo.InvariantCulture, $"There is no task number {number}."));
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }
    }

    internal static async Task<Ok<IReadOnlyList<LabelUsage>>> ListAsync(TaskLabelStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    internal static async Task<Results<Ok<LabelUsage>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> RenameAsync(
        [Description("The label to rename (any case).")] string name,
        HttpRequest request,
        TaskLabelStore store,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<LabelRename>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } value)
        {
            return Refused(body.Status, body.Problem!);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = Parse(name, "name", errors);
        var to = Parse(value.Name, "body.name", errors);
        if (from is null || to is null)
        {
            return TypedResults.ValidationProblem(errors, "Invalid field(s): " + string.Join(", ", errors.Keys) + ".", title: "The label is not valid");
        }

        try
        {
            var count = await store.RenameAsync(from, to, cancellationToken);
            return count > 0 ? TypedResults.Ok(new LabelUsage(to, count)) : NoSuchLabel(from);
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }
    }

    internal static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The label to delete (any case).")] string name,
        TaskLabelStore store,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Parse(name, "name", errors) is not { } label)
        {
            return TypedResults.ValidationProblem(errors, "Invalid field(s): name.", title: "The label is not valid");
        }

        try
        {
            return await store.DeleteAsync(label, cancellationToken) > 0 ? TypedResults.NoContent() : NoSuchLabel(label);
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }
    }

    private static string? Parse(string? value, string field, Dictionary<string, string[]> errors)
    {
        var label = LabelText.Normalize(value, out var error);
        if (label is null)
        {
            errors[field] = [error!];
        }

        return label;
    }

    private static NotFoundProblem NoSuchLabel(string label) => new("No such label", $"No task carries the label '{label}'.");

    private static ProblemHttpResult Refused(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: "The body cannot be read");

    private static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("The store could not take the change; nothing was changed. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store is unavailable");
}
