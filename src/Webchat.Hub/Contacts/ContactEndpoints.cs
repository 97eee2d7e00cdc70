using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Integrations;
using Webchat.Hub.Live;
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
            return TypedResults.ValidationProblem(
                errors,
                detail: "Invalid query parameter(s): " + string.Join(", ", errors.Keys) + ".",
                title: "The contact filter is not valid");
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

        var total = await query.CountAsync(cancellationToken);
        var items = paging.IsBeyond(total)
            ? []
            : await (
                    from c in query
                    join i in db.Integrations on c.IntegrationId equals i.Id
                    orderby c.Number descending
                    select new ContactSummary(c.Number, c.ExternalId, i.ProviderId, c.Name, c.LastName, c.Email, c.Phone, c.Ico, c.CreatedAt, c.UpdatedAt))
                .Skip((int)paging.Offset)
                .Take(paging.Size)
                .ToListAsync(cancellationToken);

        return TypedResults.Ok(new ContactPage(items, paging.Page, paging.Size, total, paging.TotalPages(total)));
    }

    internal static async Task<Results<Ok<ContactProfile>, NotFoundProblem>> GetAsync(
        long number,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var contact = await FindProfileAsync(number, contexts, cancellationToken);
        return contact is null ? ContactNotFound(number) : TypedResults.Ok(contact);
    }

    internal static async Task<Results<Created<ContactProfile>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        IntegrationRegistry integrations,
        StoreWriter writes,
        TimeProvider time,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<NewContact>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } draft)
        {
            return body.Status == StatusCodes.Status400BadRequest ? BodyInvalid(body.Problem!, "The new contact") : BodyRefused(body.Status, body.Problem!, "The new contact");
        }

        return await AddAsync(draft, integrations, writes, time, contexts, cancellationToken);
    }

    /// <summary>Adds <paramref name="draft"/> as read from a body (the API's JSON, or the console's form).</summary>
    internal static async Task<Results<Created<ContactProfile>, ValidationProblem, ProblemHttpResult>> AddAsync(
        NewContact draft,
        IntegrationRegistry integrations,
        StoreWriter writes,
        TimeProvider time,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var integrationId = QueryParameters.ParseIntegration(draft.Integration, integrations, required: true, errors);
        var name = ContactDetailsRules.Clean(draft.Name, "name", required: true, errors);
        var lastName = ContactDetailsRules.Clean(draft.LastName, "lastName", required: false, errors);
        var phone = ContactDetailsRules.Clean(draft.Phone, "phone", required: false, errors);
        var email = ContactDetailsRules.Clean(draft.Email, "email", required: false, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The new contact is not valid");
        }

        long number;
        try
        {
            number = await writes.WriteAsync(async (db, ct) =>
            {
                var taken = await db.TakeNumberAsync(Counter.ContactNumbers, ct);
                var now = time.GetUtcNow();
                db.Contacts.Add(new Contact
                {
                    Number = taken,
                    IntegrationId = integrationId!.Value,
                    ExternalId = Contact.HandMadeId(taken),
                    Name = name!,
                    LastName = NullIfEmpty(lastName),
                    Phone = NullIfEmpty(phone),
                    Email = NullIfEmpty(email),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
                return taken;
            }, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }

        var created = await FindProfileAsync(number, contexts, cancellationToken);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"{OperatorApi.Prefix}/contacts/{number}"), created);
    }

    internal static async Task<Results<Ok<ContactProfile>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> UpdateAsync(
        long number,
        HttpRequest request,
        StoreWriter writes,
        HubEvents events,
        TimeProvider time,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ContactChanges>(request, MaxBodyBytes, cancellationToken);
        if (body.Value is not { } changes)
        {
            return body.Status == StatusCodes.Status400BadRequest ? BodyInvalid(body.Problem!, "The contact's changes") : BodyRefused(body.Status, body.Problem!, "The contact's changes");
        }

        return await ApplyAsync(number, changes, writes, events, time, contexts, cancellationToken);
    }

    /// <summary>Applies <paramref name="changes"/> as read from a body (the API's JSON, or the console's form).</summary>
    internal static async Task<Results<Ok<ContactProfile>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> ApplyAsync(
        long number,
        ContactChanges changes,
        StoreWriter writes,
        HubEvents events,
        TimeProvider time,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = changes.Name is null ? null : ContactDetailsRules.Clean(changes.Name, "name", required: true, errors);
        var lastName = ContactDetailsRules.Clean(changes.LastName, "lastName", required: false, errors);
        var phone = ContactDetailsRules.Clean(changes.Phone, "phone", required: false, errors);
        var email = ContactDetailsRules.Clean(changes.Email, "email", required: false, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The contact's changes are not valid");
        }

        IReadOnlyList<long>? tasks;
        try
        {
            tasks = await writes.WriteAsync<IReadOnlyList<long>?>(async (db, ct) =>
            {
                var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Number == number, ct);
                if (contact is null)
                {
                    return null;
                }

                var before = (contact.Name, contact.LastName, contact.Phone, contact.Email);
                contact.Name = name ?? contact.Name;
                contact.LastName = lastName is null ? contact.LastName : NullIfEmpty(lastName);
                contact.Phone = phone is null ? contact.Phone : NullIfEmpty(phone);
                contact.Email = email is null ? contact.Email : NullIfEmpty(email);
                if (before == (contact.Name, contact.LastName, contact.Phone, contact.Email))
                {
                    return [];
                }

                contact.UpdatedAt = time.GetUtcNow();
                return await db.Tasks.Where(t => t.ContactId == contact.Id).Select(t => t.Number).ToListAsync(ct);
            }, cancellationToken);
        }
        catch (StoreUnavailableException)
        {
            return Unavailable();
        }

        if (tasks is null)
        {
            return ContactNotFound(number);
        }

        // Committed: pages showing the contact's tasks (their names and cards) refresh.
        foreach (var task in tasks)
        {
            events.Publish(new HubEvent(HubEventKind.TaskChanged, task));
        }

        return TypedResults.Ok((await FindProfileAsync(number, contexts, cancellationToken))!);
    }

    private static async Task<ContactProfile?> FindProfileAsync(long number, IDbContextFactory<HubDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (
                from c in db.Contacts.AsNoTracking()
                where c.Number == number
                join i in db.Integrations on c.IntegrationId equals i.Id
                select new ContactProfile(
                    c.Number,
                    c.ExternalId,
                    i.ProviderId,
                    c.Name,
                    c.LastName,
                    c.Email,
                    c.Phone,
                    c.Ico,
                    c.Data,
                    c.CreatedAt,
                    c.UpdatedAt,
                    db.Tasks.Where(t => t.ContactId == c.Id).OrderBy(t => t.Number).Select(t => t.Number).ToList()))
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

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
