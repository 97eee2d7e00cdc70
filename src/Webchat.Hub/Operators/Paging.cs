using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace Webchat.Hub.Operators;

/// <summary>
/// The page of a list the operator API was asked for: <c>page</c> from 1, <c>pageSize</c> from 1 to
/// <see cref="MaxSize"/>. Every list reads them here, as text, so a bad value gets a problem that names it.
/// </summary>
public readonly record struct PageRequest(int Page, int Size)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    /// <summary>The page asked for; each bad value is added to <paramref name="errors"/> (and its default used).</summary>
    public static PageRequest Parse(string? page, string? pageSize, Dictionary<string, string[]> errors) => new(
        QueryParameters.ParseBounded(page, "page", 1, 1, int.MaxValue, errors),
        QueryParameters.ParseBounded(pageSize, "pageSize", DefaultSize, 1, MaxSize, errors));

    /// <summary>How many items come before this page (beyond <see cref="int.MaxValue"/> for absurd pages).</summary>
    public long Offset => (long)(Page - 1) * Size;

    /// <summary>
    /// The most items a list counts. A count of every matching row costs what is stored, not what is
    /// shown (a year of deliveries, a million tasks): past this the total says "at least", and the pages
    /// beyond it are still served.
    /// </summary>
    public const int MaxCounted = 1_000;

    /// <summary>
    /// How many items <paramref name="query"/> has, counting at most <see cref="MaxCounted"/> of them. It
    /// comes in the list's own order, so the store reads the first ones by the index the page reads.
    /// </summary>
    public static async Task<ListTotal> CountAsync<T>(IOrderedQueryable<T> query, CancellationToken cancellationToken)
    {
        var counted = await query.Take(MaxCounted + 1).CountAsync(cancellationToken);
        return new ListTotal(Math.Min(counted, MaxCounted), counted > MaxCounted);
    }

    /// <summary>True when a list of <paramref name="total"/> items has nothing on this page.</summary>
    public bool IsBeyond(ListTotal total) => !total.Capped && Offset >= total.Count;

    public int TotalPages(ListTotal total) => (total.Count + Size - 1) / Size;

    /// <summary>How many rows to read for this page: one more when the total is capped, which says whether a next page has any.</summary>
    public int Rows(ListTotal total) => total.Capped ? Size + 1 : Size;

    /// <summary>This page's items of the <paramref name="rows"/> read with <see cref="Rows"/>, and whether the next page has any.</summary>
    public (List<T> Items, bool HasNextPage) Cut<T>(List<T> rows, ListTotal total)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!total.Capped)
        {
            return (rows, Page < TotalPages(total));
        }

        var more = rows.Count > Size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return (rows, more);
    }
}

/// <summary>A list's size: <see cref="Count"/> items, or at least that many when <see cref="Capped"/> (see <see cref="PageRequest.MaxCounted"/>).</summary>
public readonly record struct ListTotal(int Count, bool Capped);

/// <summary>The operator API's query parameters shared by its lists: paging and the integration filter.</summary>
public static class QueryParameters
{
    /// <summary>
    /// The integration named by <paramref name="providerId"/>, as its store id; null when none is
    /// named (an error then if <paramref name="required"/>) or when it is not configured (an error).
    /// </summary>
    public static int? ParseIntegration(string? providerId, Integrations.IntegrationRegistry integrations, bool required, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(integrations);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(providerId))
        {
            if (required)
            {
                errors["integration"] = ["The providerId of an integration is required."];
            }

            return null;
        }

        if (integrations.FindByProviderId(providerId) is { } integration)
        {
            return integration.Id;
        }

        errors["integration"] = [$"integration '{providerId}' is not the providerId of a configured integration."];
        return null;
    }

    /// <summary>The answer to a list's bad parameters: one problem naming each.</summary>
    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string title)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.ValidationProblem(errors, detail: "Invalid query parameter(s): " + string.Join(", ", errors.Keys) + ".", title: title);
    }

    /// <summary>A list's search words <c>q</c>: any text goes, up to <see cref="Search.TaskSearch.MaxQueryLength"/> characters.</summary>
    public static void CheckSearch(string? q, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (q?.Length > Search.TaskSearch.MaxQueryLength)
        {
            errors["q"] = [string.Create(CultureInfo.InvariantCulture, $"q must be at most {Search.TaskSearch.MaxQueryLength} characters, not {q.Length}.")];
        }
    }

    internal static int ParseBounded(string? value, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors[name] = [string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number from {min} to {max}, not '{value}'.")];
        return fallback;
    }

    /// <summary>
    /// A list's parameters are bound as text so that a bad value gets a problem naming it; this
    /// gives <c>page</c>, <c>pageSize</c> and the <paramref name="enums"/> their real schema in
    /// the OpenAPI document, so clients still learn the values they may send.
    /// </summary>
    public static RouteHandlerBuilder WithListParameters(this RouteHandlerBuilder builder, params (string Name, string[] Values)[] enums) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                if (parameter is not OpenApiParameter { Name: { } name } typed)
                {
                    continue;
                }

                typed.Schema = name switch
                {
                    "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Default = JsonValue.Create(1) },
                    "pageSize" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Minimum = "1",
                        Maximum = PageRequest.MaxSize.ToString(CultureInfo.InvariantCulture),
                        Default = JsonValue.Create(PageRequest.DefaultSize),
                    },
                    _ when enums.FirstOrDefault(e => e.Name == name) is { Values: { } values } => new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
                    },
                    _ => typed.Schema,
                };
            }

            return Task.CompletedTask;
        });
}
