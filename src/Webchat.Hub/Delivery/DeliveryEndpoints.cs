using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Delivery;

/// <summary>The operator API's delivery log and replay: <c>/api/deliveries</c>.</summary>
public static class DeliveryEndpoints
{
    private const int MaxRetryBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapDeliveries(this IEndpointRouteBuilder endpoints)
    {
        var deliveries = endpoints.MapGroup("/deliveries");
        deliveries.MapGet("/", ListAsync)
            .WithName("ListDeliveries")
            .WithSummary("Lists deliveries of employees' messages with their attempts, newest first")
            .WithDescription("Filters by state (pending, delivering, delivered, failed) and integration; answers one page and the total count.")
            .WithListParameters(("state", ["pending", "delivering", "delivered", "failed"]));
        deliveries.MapGet("/{id}", GetAsync)
            .WithName("GetDelivery")
            .WithSummary("Gets one delivery with its attempts and its message's ticks")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        deliveries.MapPost("/{id}/retry", RetryAsync)
            .WithName("RetryDelivery")
            .WithSummary("Sends a delivery now: a failed one again, or one waiting for its next attempt")
            .WithDescription("A failed delivery goes back in line in its chat's order, from the start of the retry schedule; one waiting for its next attempt goes at once. Both keep their messageId. 409 says why when it cannot: under way, delivered, or behind an earlier message of its chat.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        deliveries.MapPost("/retry", RetryFailedAsync)
            .WithName("RetryFailedDeliveries")
            .WithSummary("Sends again every failed delivery of an integration in a time range")
            .WithDescription("For after a provider's outage: {\"integration\":\"<providerId>\",\"from\":\"…\",\"to\":\"…\"} re-sends the failed deliveries whose messages were written in [from, to) (either bound may be left out), each chat's in order.")
            .Accepts<BulkRetryRequest>("application/json");
        return endpoints;
    }

    internal static async Task<Results<Ok<DeliveryPage>, ValidationProblem>> ListAsync(
        [Description("'pending', 'delivering', 'delivered' or 'failed'; every state when absent.")] string? state,
        [Description("The providerId of an integration; every integration when absent.")] string? integration,
        [Description("The page, from 1 (default 1).")] string? page,
        [Description("Deliveries per page, 1 to 100 (default 20).")] string? pageSize,
        IntegrationRegistry integrations,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DeliveryState? stateFilter = null;
        if (state is not null)
        {
            if (Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _))
            {
                stateFilter = parsed;
            }
            else
            {
                errors[nameof(state)] = [$"'{state}' is not a delivery state: use pending, delivering, delivered or failed."];
            }
        }

        var integrationFilter = QueryParameters.ParseIntegration(integration, integrations, required: false, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Count > 0)
        {
            return QueryParameters.Invalid(errors, "The delivery filter is not valid");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Deliveries.AsNoTracking();
        if (stateFilter is { } wanted)
        {
            query = query.Where(d => d.State == wanted);
        }

        if (integrationFilter is { } integrationId)
        {
            query = query.Where(d => d.IntegrationId == integrationId);
        }

        var total = await PageRequest.CountAsync(query.OrderByDescending(d => d.Id), cancellationToken);
        var rows = paging.IsBeyond(total) ? [] : await Views(db, query.OrderByDescending(d => d.Id).Skip((int)paging.Offset).Take(paging.Rows(total))).ToListAsync(cancellationToken);
        var (items, hasNextPage) = paging.Cut(rows, total);
        return TypedResults.Ok(new DeliveryPage(items, paging.Page, paging.Size, total.Count, paging.TotalPages(total), total.Capped, hasNextPage));
    }

    internal static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> GetAsync(
        long id,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var view = await FindAsync(id, contexts, cancellationToken);
        return view is null ? NotFound(id) : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> RetryAsync(
        long id,
        Outbox outbox,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        RetryResult retry;
        try
        {
            retry = await outbox.RetryAsync(id, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }

        return retry.Refusal switch
        {
            RetryRefusal.NotFound => NotFound(id),
            RetryRefusal.Delivering => Conflict("An attempt is under way right now", "The provider is being called with it at this moment; its outcome is in the delivery's attempts."),
            RetryRefusal.Delivered => Conflict("The delivery was delivered", "The provider took it; nothing is sent twice."),
            RetryRefusal.Behind => Conflict(
                "An earlier message of the chat goes first",
                $"It waits for delivery {retry.Ahead} of the same chat, which goes first to keep the chat's order: send that one now with POST /api/deliveries/{retry.Ahead}/retry."),
            _ => await FindAsync(id, contexts, cancellationToken) is { } view ? TypedResults.Ok(view) : NotFound(id),
        };
    }

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    internal static async Task<Results<Ok<BulkRetryResult>, ValidationProblem, ProblemHttpResult>> RetryFailedAsync(
        HttpRequest request,
        Outbox outbox,
        IntegrationRegistry integrations,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<BulkRetryRequest>(request, MaxRetryBodyBytes, cancellationToken);
        if (body.Value is not { } retry)
        {
            return body.Status == StatusCodes.Status400BadRequest
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [body.Problem!] }, title: "The retry request is not valid")
                : TypedResults.Problem(body.Problem, statusCode: body.Status, title: "The retry request cannot be read");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var integrationId = QueryParameters.ParseIntegration(retry.Integration, integrations, required: true, errors);
        if (retry.From >= retry.To)
        {
            errors["to"] = ["'to' must be later than 'from'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The retry request is not valid");
        }

        try
        {
            var ids = await outbox.RetryFailedAsync(integrationId!.Value, retry.From, retry.To, cancellationToken);
            return TypedResults.Ok(new BulkRetryResult(ids.Count, ids));
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }
    }

    private static async Task<DeliveryView?> FindAsync(long id, IDbContextFactory<HubDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Views(db, db.Deliveries.AsNoTracking().Where(d => d.Id == id)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>One statement, so a delivery and its attempts are read at one moment, never half-way through an update.</summary>
    private static IQueryable<DeliveryView> Views(HubDbContext db, IQueryable<MessageDelivery> deliveries) =>
        from d in deliveries
        join m in db.Messages on d.MessageId equals m.Id
        join t in db.Tasks on m.TaskId equals t.Id
        join i in db.Integrations on d.IntegrationId equals i.Id
        select new DeliveryView(
            d.Id,
            d.MessageId,
            t.Number,
            i.ProviderId,
            d.State,
            d.AttemptCount,
            d.State == DeliveryState.Pending ? d.NextAttemptAt : null,
            d.LastError,
            d.CreatedAt,
            d.FinishedAt,
            m.Status,
            m.StatusText,
            d.Attempts.OrderBy(a => a.Id).Select(a => new AttemptView(a.At, a.Outcome, a.StatusCode, a.LatencyMs, a.Answer, a.Error)).ToList());

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem($"There is no delivery {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such delivery");

    private static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("The store could not take the change; nothing was changed. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable");
}
