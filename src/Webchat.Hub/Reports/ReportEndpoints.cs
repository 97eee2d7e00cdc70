using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Webchat.Hub.Integrations;
using Webchat.Hub.Operators;

namespace Webchat.Hub.Reports;

/// <summary>The operator API's reports: <c>GET /api/reports/summary</c>.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/reports/summary", SummaryAsync)
            .WithName("ReportSummary")
            .WithSummary("Counts a period's work: new tasks, messages in, replies, notes, first response and resolution times")
            .WithDescription(
                "Whole UTC days from 'from' to 'to', both included, at most 366 (default: the last 30 days). First response: from a task's first "
                + "message from the contact to the first employee reply after it, over the period's newest 10,000 new tasks; resolution: from a task's "
                + "opening to its completion, over the period's newest 10,000 completed tasks; both as 50th and 90th percentiles in seconds. "
                + "With 'Accept: text/csv', the same as one CSV table.")
            .Produces<ReportSummary>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    internal static async Task<Results<Ok<ReportSummary>, ContentHttpResult, ValidationProblem>> SummaryAsync(
        [Description("The first day, yyyy-MM-dd (UTC); 29 days before 'to' when absent.")] string? from,
        [Description("The last day, yyyy-MM-dd (UTC), included; today when absent.")] string? to,
        [Description("The providerId of an integration; every integration when absent.")] string? integration,
        HttpRequest request,
        IntegrationRegistry integrations,
        ReportQueries reports,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var period = ReportPeriod.Parse(from, to, time.GetUtcNow(), errors);
        var integrationId = QueryParameters.ParseIntegration(integration, integrations, required: false, errors);
        if (errors.Count > 0)
        {
            return QueryParameters.Invalid(errors, "The report's period is not valid");
        }

        var summary = await reports.SummaryAsync(period, integrationId, cancellationToken);
        return WantsCsv(request) ? TypedResults.Text(ReportCsv.Write(summary), ReportCsv.ContentType) : TypedResults.Ok(summary);
    }

    /// <summary>CSV when the client asks for text/csv over JSON (by quality; an equal quality goes to CSV, named first or not).</summary>
    private static bool WantsCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        var csv = accepted.Where(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var json = accepted.Where(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return csv > 0 && csv >= json;
    }
}
