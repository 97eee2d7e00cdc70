using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;
using Webchat.Hub.Search;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Contacts;

/// <summary>The operator API's contacts: <c>/api/contacts</c>.</summary>
public static class ContactEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder endpoints)
    {
        var contacts = endpoints.MapGroup("/contacts");
        contacts.MapGet("/", ListAsync)
            .WithName("ListContacts")
            .WithSummary("Lists contacts, newest first, or finds them by words")
            .WithDescription(
                "Filters by integration; answers one page and the total count. With q, only the contacts whose name, last name, "
                + "phone or e-mail hold every word of q (the last word as a prefix); a search counts at most the 1,000 newest matches.")
            .WithListParameters();
        contacts.MapPost("/", CreateAsync)
            .WithName("CreateContact")
            .WithSummary("Adds a contact by hand")
            .WithDescription(
                "JSON {\"integration\":\"<providerId>\",\"name\",\"lastName\",\"phone\",\"email\"}; integration and name are required. "
                + "Answers 201 with the contact, which gets the next contact number and a contactId of the hub's own ('~hub-<number>') until a provider opens a chat with it.")
            .Accepts<NewContact>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        contacts.MapGet("/{number}", GetAsync)
            .WithName("GetContact")
            .WithSummary("Gets a contact with its integration and the numbers of its tasks")
            .WithDescription("Task numbers come newest page first (at most 100), oldest first within the page; olderTasksBefore, when set, is the 'tasksBefore' that reads the page before it.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        contacts.MapPatch("/{number}", UpdateAsync)
            .WithName("UpdateContact")
            .WithSummary("Changes a contact's name, last name, phone or e-mail")
            .WithDescription("JSON with any of {\"name\",\"lastName\",\"phone\",\"email\"}: a field left out stays as it is; an empty string clears the last name, phone or e-mail.")
            .Accepts<ContactChanges>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    /// <summary>How many task numbers one answer of <c>GET /api/contacts/{number}</c> holds.</summary>
    public const int TaskPage = 100;

    internal static async Task<Results<Ok<ContactPage>, ValidationProblem>> ListAsync(
        [Description("Words to find in the name, last name, phone or e-mail, at most 256 characters; every contact when absent or empty.")] string? q,
        [Description("The providerId of an integration; every integration when absent.")] string? integration,
        [Description("The page, from 1 (default 1).")] string? page,
        [Description("Contacts per page, 1 to 100 (default 20).")] string? pageSize,
        IntegrationRegistry integrations,
        TaskSearch search,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var integrationFilter = QueryParameters.ParseIntegration(integration, integrations, required: false, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        QueryParameters.CheckSearch(q, errors);
        if (errors.Count > 0)
        {
            return QueryParameters.Invalid(errors, "The contact filter is not valid");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Contacts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var found = await search.FindContactNumbersAsync(q, integrationFilter, TaskSearch.MaxResults, cancellationToken);
            query = query.Where(c => found.Contains(c.Number));
        }

        if (integrationFilter is { } integrationId)
        {
            query = query.Where(c => c.IntegrationId == integrationId);
        }

        var total = await PageRequest.CountAsync(query.OrderByDescending(c => c.Number), cancellationToken);
        var rows = paging.IsBeyond(total)
            ? []
            : await (
                    from c in query
                    join i in db.Integrations on c.IntegrationId equals i.Id
                    orderby c.Number descending
                    select new ContactSummary(c.Number, c.ExternalId, i.ProviderId, c.Name, c.LastName, c.Email, c.Phone, c.Ico, c.CreatedAt, c.UpdatedAt))
                .Skip((int)paging.Offset)
                .Take(paging.Rows(total))
                .ToListAsync(cancellationToken);
        var (items, hasNextPage) = paging.Cut(rows, total);
        return TypedResults.Ok(new ContactPage(items, paging.Page, paging.Size, total.Count, paging.TotalPages(total), total.Capped, hasNextPage));
    }

    internal static async Task<Results<Ok<ContactProfile>, NotFoundProblem, ValidationProblem>> GetAsync(
        long number,
        [Description("Only tasks numbered below this (the olderTasksBefore of the previous answer).")] string? tasksBefore,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        long? below = null;
        if (tasksBefore is not null)
        {
            if (!long.TryParse(tasksBefore, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [nameof(tasksBefore)] = [$"tasksBefore must be a task number (a whole number), not '{tasksBefore}'."] },
                    detail: "Invalid query parameter(s): tasksBefore.",
                    title: "The task page is not valid");
            }

            below = parsed;
        }

        var contact = await FindProfileAsync(number, contexts, cancellationToken, below);
        return contact is null ? ContactNotFound(number) : TypedResults.Ok(contact);
    }

    internal static async Task<Results<Created<ContactProfile>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        ContactEditor editor,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<NewContact>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } draft)
        {
            return body.Status == StatusCodes.Status400BadRequest ? BodyInvalid(body.Problem!, "The new contact") : BodyRefused(body.Status, body.Problem!, "The new contact");
        }

        var result = await editor.CreateAsync(draft, cancellationToken);
        return result.Status switch
        {
            ContactEditStatus.Done => TypedResults.Created(
                string.Create(CultureInfo.InvariantCulture, $"{OperatorApi.Prefix}/contacts/{result.Number}"),
                await FindProfileAsync(result.Number, contexts, cancellationToken)),
            ContactEditStatus.Invalid => TypedResults.ValidationProblem(result.Errors!, title: "The new contact is not valid"),
            _ => Unavailable(),
        };
    }

    internal static async Task<Results<Ok<ContactProfile>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> UpdateAsync(
        long number,
        HttpRequest request,
        ContactEditor editor,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ContactChanges>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } changes)
        {
            return body.Status == StatusCodes.Status400BadRequest ? BodyInvalid(body.Problem!, "The contact's changes") : BodyRefused(body.Status, body.Problem!, "The contact's changes");
        }

        var result = await editor.UpdateAsync(number, changes, cancellationToken);
        return result.Status switch
        {
            ContactEditStatus.Done => TypedResults.Ok((await FindProfileAsync(number, contexts, cancellationToken))!),
            ContactEditStatus.Invalid => TypedResults.ValidationProblem(result.Errors!, title: "The contact's changes are not valid"),
            ContactEditStatus.NotFound => ContactNotFound(number),
            _ => Unavailable(),
        };
    }

    /// <summary>The contact with one page of its task numbers: the newest below <paramref name="tasksBefore"/>, or the newest of all.</summary>
    private static async Task<ContactProfile?> FindProfileAsync(long number, IDbContextFactory<HubDbContext> contexts, CancellationToken cancellationToken, long? tasksBefore = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await (
                from c in db.Contacts.AsNoTracking()
                where c.Number == number
                join i in db.Integrations on c.IntegrationId equals i.Id
                select new { Contact = c, i.ProviderId })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        // Newest first by the (ContactId, Number) index, one more to tell whether an older page exists.
        var newest = await db.Tasks.AsNoTracking()
            .Where(t => t.ContactId == found.Contact.Id && (tasksBefore == null || t.Number < tasksBefore))
            .OrderByDescending(t => t.Number)
            .Take(TaskPage + 1)
            .Select(t => t.Number)
            .ToListAsync(cancellationToken);
        var page = newest.Take(TaskPage).Reverse().ToList();
        var contact = found.Contact;
        return new ContactProfile(
            contact.Number,
            contact.ExternalId,
            found.ProviderId,
            contact.Name,
            contact.LastName,
            contact.Email,
            contact.Phone,
            contact.Ico,
            contact.Data,
            contact.CreatedAt,
            contact.UpdatedAt,
            page,
            newest.Count > TaskPage ? page[0] : null);
    }

    private static NotFoundProblem ContactNotFound(long number) =>
        new("No such contact", string.Create(CultureInfo.InvariantCulture, $"There is no contact number {number}."));

    /// <summary>A body that is not JSON of the expected shape.</summary>
    private static ValidationProblem BodyInvalid(string problem, string what) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [problem] }, title: what + " is not valid");

    /// <summary>A body too large (413) or not JSON at all (415).</summary>
    private static ProblemHttpResult BodyRefused(int status, string problem, string what) =>
        TypedResults.Problem(problem, statusCode: status, title: what + " cannot be read");

    private static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("The store could not take the change; nothing was changed. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store is unavailable");
}
