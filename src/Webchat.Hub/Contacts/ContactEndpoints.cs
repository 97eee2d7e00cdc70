using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Operators;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Contacts;

/// <summary>The operator API's contacts: <c>/api/contacts</c>.</summary>
public static class ContactEndpoints
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/contacts/{number}", GetAsync)
            .WithName("GetContact")
            .WithSummary("Gets a contact with its integration and the numbers of its tasks")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    internal static async Task<Results<Ok<ContactProfile>, NotFoundProblem>> GetAsync(
        long number,
        IDbContextFactory<HubDbContext> contexts,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await (
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

        return contact is null
            ? new NotFoundProblem("No such contact", string.Create(CultureInfo.InvariantCulture, $"There is no contact number {number}."))
            : TypedResults.Ok(contact);
    }
}

/// <summary>
/// A contact: the hub's number, the provider's contactId, the integration's providerId, and the
/// numbers of the tasks the contact is the assigner of, oldest first.
/// </summary>
public sealed record ContactProfile(
    long Number,
    string ContactId,
    string Integration,
    string Name,
    string? LastName,
    string? Email,
    string? Phone,
    string? Ico,
    string? Data,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<long> Tasks);
