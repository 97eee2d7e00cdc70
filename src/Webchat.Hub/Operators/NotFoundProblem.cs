using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Webchat.Hub.Operators;

/// <summary>
/// A 404 of the operator API as a typed result. Unlike <c>NotFound&lt;ProblemDetails&gt;</c>, which
/// answers <c>application/json</c>, it goes through the problem details service, so a 404 reads
/// <c>application/problem+json</c> like the API's 400s and 401s, and it says so in the OpenAPI document.
/// </summary>
public sealed class NotFoundProblem : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>, IValueHttpResult
{
    public NotFoundProblem(string title, string detail) =>
        Value = new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = title, Detail = detail };

    public ProblemDetails Value { get; }

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status404NotFound;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
