using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

// The bare endpoint the hub is measured against: the same route and body, parsed by ASP.NET Core's
// own form reader (not the hub's codec, so optimising the hub never moves the baseline), and a JSON
// answer shaped like the hub's. Whatever the hub costs beyond this is its own work.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();
app.MapPost("/webchat/api", BareEndpoint.HandleAsync).DisableAntiforgery();
app.Run();

internal static class BareEndpoint
{
    public static async Task<Results<JsonHttpResult<BareAnswer>, BadRequest>> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        return form.TryGetValue("cmd", out var cmd) && !string.IsNullOrEmpty(cmd)
            ? TypedResults.Json(new BareAnswer(new BareData(1, 1)), BareJsonContext.Default.BareAnswer)
            : TypedResults.BadRequest();
    }
}

internal sealed record BareAnswer([property: JsonPropertyName("data")] BareData Data);

internal sealed record BareData(
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("contactNumber")] long ContactNumber);

[JsonSerializable(typeof(BareAnswer))]
internal sealed partial class BareJsonContext : JsonSerializerContext;
