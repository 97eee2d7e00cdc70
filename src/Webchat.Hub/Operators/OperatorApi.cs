using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Webchat.Hub.RateLimits;

namespace Webchat.Hub.Operators;

/// <summary>
/// The operator JSON API under <c>/api</c>: Bearer API keys, ProblemDetails errors, and an OpenAPI
/// document at <c>/openapi/v1.json</c>. Features add their endpoints to the group <see cref="MapOperatorApi"/> returns.
/// </summary>
public static class OperatorApi
{
    public const string Prefix = "/api";

    /// <summary>Keys of <c>Hub:AdminApiKeys</c> only: employee management, which can make administrators of the console.</summary>
    public const string AdminPolicy = "ApiAdministrator";

    public static IServiceCollection AddOperatorApi(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiKeyAuthenticationHandler.AdminClaim));
        // A value that does not bind (GET /api/tasks/abc) is thrown to the BadRequestHandler, which names it.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestHandler>();
        // An outage of the store met on a path that does not answer it itself is a 503, never a 500.
        services.AddExceptionHandler<Storage.StoreOutageHandler>();
        // Enums read as words ("active", "toContact"), in the API's answers and in its OpenAPI schemas.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Webchat hub operator API",
                Version = "v1",
                Description = "Tasks, contacts and employees' replies (authenticate with 'Authorization: Bearer <key>', Hub:ApiKeys); "
                    + "the providers' entry point /webchat/api (the protocol's form, keyed by planfix_token); and /files, the uploaded files providers fetch.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "One of Hub:ApiKeys (employee management: one of Hub:AdminApiKeys).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Marks an endpoint outside <c>/api</c> as open without a key in the OpenAPI document (the document asks for one by default).</summary>
    public static RouteHandlerBuilder WithoutApiKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Security = [];
            return Task.CompletedTask;
        });

    /// <summary>Maps the OpenAPI document and returns the authenticated <c>/api</c> group.</summary>
    public static RouteGroupBuilder MapOperatorApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        return endpoints.MapGroup(Prefix)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.ApiKeyPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithTags("Operator API");
    }
}
