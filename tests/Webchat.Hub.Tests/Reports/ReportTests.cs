using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Reports;

public sealed class ReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] CountNames = ["newTasks", "messagesIn", "repliesOut", "notes"];

    /// <summary>
    /// Two days' work: on the 25th Ivan writes on telegram, the agent answers in 10 minutes and the owner adds a note;
    /// on the 26th Petr writes on whatsapp and the owner answers in an hour, and Ivan's task is completed (26 hours after it opened).
    /// </summary>
    private static async Task<OutboundHub> SeedAsync(StoreKind store)
    {
        var outbound = await OutboundHub.StartAsync(store);
        outbound.AdvanceTo(Start);
        var first = await outbound.ContactWritesAsync("chat-1", "contact-1", "Hello", channel: "telegram");
        outbound.AdvanceTo(Start.AddMinutes(10));
        await outbound.ReplyAsync(first, "Hi Ivan", TestData.AgentEmail);
        outbound.AdvanceTo(Start.AddMinutes(15));
        using (var note = await outbound.Operator.PostAsJsonAsync($"/api/tasks/{first}/notes", new { text = "Call him back", authorEmail = TestData.OwnerEmail }, TestContext.Current.CancellationToken))
        {
            await note.ReadJsonAsync(HttpStatusCode.Created);
        }

        outbound.AdvanceTo(Start.AddHours(25));
        var second = await outbound.ContactWritesAsync("chat-2", "contact-2", "Price?", channel: "whatsapp");
        outbound.AdvanceTo(Start.AddHours(26));
        await outbound.ReplyAsync(second, "100", TestData.OwnerEmail);
        await outbound.Operator.PostJsonAsync($"/api/tasks/{first}/complete");
        return outbound;
    }

    private static int[] Counts(JsonElement row) =>
        [.. CountNames.Select(name => row.TryGetProperty(name, out var value) ? value.GetInt32() : -1)];

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_summary_counts_the_periods_work_by_day_employee_and_channel_with_response_and_resolution_times(StoreKind store)
    {
        await using var outbound = await SeedAsync(store);
        var api = outbound.Operator;

        var report = await api.GetJsonAsync("/api/reports/summary?from=2026-11-25&to=2026-11-26");
        Assert.Equal([2, 2, 2, 1], Counts(report));
        Assert.Equal(2, report.GetProperty("firstResponse").Number("count"));
        Assert.Equal(600, report.GetProperty("firstResponse").Number("p50Seconds"));
        Assert.Equal(3600, report.GetProperty("firstResponse").Number("p90Seconds"));
        Assert.Equal(26 * 3600, report.GetProperty("resolution").Number("p50Seconds"));
        var days = report.GetProperty("byDay").EnumerateArray().ToArray();
        Assert.Equal(["2026-11-25", "2026-11-26"], days.Select(d => d.Text("day")));
        Assert.Equal([1, 1, 1, 1], Counts(days[0]));
        Assert.Equal([1, 1, 1, 0], Counts(days[1]));
        var employees = report.GetProperty("byEmployee").EnumerateArray().ToArray();
        Assert.Equal([TestData.OwnerEmail, TestData.AgentEmail], employees.Select(e => e.Text("email")));
        Assert.Equal([-1, -1, 1, 1], Counts(employees[0]));
        Assert.Equal([-1, -1, 1, 0], Counts(employees[1]));
        var channels = report.GetProperty("byChannel").EnumerateArray().ToArray();
        Assert.Equal(["telegram", "whatsapp"], channels.Select(c => c.Text("channel")));
        Assert.Equal([1, 1, 1, 1], Counts(channels[0]));

        // The second day alone: its task, its reply, and the completion that fell on it.
        var second = await api.GetJsonAsync("/api/reports/summary?from=2026-11-26&to=2026-11-26&integration=" + TestData.ProviderId);
        Assert.Equal([1, 1, 1, 0], Counts(second));
        Assert.Equal(3600, second.GetProperty("firstResponse").Number("p50Seconds"));
        Assert.Equal(1, second.GetProperty("resolution").Number("count"));

        var other = await api.GetJsonAsync("/api/reports/summary?from=2026-11-25&to=2026-11-26&integration=" + TestData.OtherProviderId);
        Assert.Equal([0, 0, 0, 0], Counts(other));
        Assert.True(other.GetProperty("firstResponse").IsNull("p50Seconds"));
        Assert.Empty(other.GetProperty("byChannel").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_summary_comes_as_CSV_when_asked_for(StoreKind store)
    {
        await using var outbound = await SeedAsync(store);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/summary?from=2026-11-25&to=2026-11-26");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await outbound.Operator.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "section,key,newTasks,messagesIn,repliesOut,notes,firstResponseP50Seconds,firstResponseP90Seconds,resolutionP50Seconds,resolutionP90Seconds",
                "total,2026-11-25..2026-11-26,2,2,2,1,600,3600,93600,93600",
                "day,2026-11-25,1,1,1,1",
                "day,2026-11-26,1,1,1,0",
                $"employee,{TestData.OwnerEmail},,,1,1",
                $"employee,{TestData.AgentEmail},,,1,0",
                "channel,telegram,1,1,1,1",
                "channel,whatsapp,1,1,1,0",
            ],
            lines);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_bad_period_is_refused_with_a_problem_naming_the_parameter(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var api = hub.Operator();

        foreach (var (query, parameter) in new[]
        {
            ("from=2026-13-01", "from"),
            ("from=yesterday&to=2026-11-25", "from"),
            ("to=25.11.2026", "to"),
            ("from=2026-11-26&to=2026-11-25", "to"),
            ("from=2025-01-01&to=2026-01-02", "to"),
            ("integration=nope", "integration"),
        })
        {
            using var response = await api.GetAsync("/api/reports/summary?" + query, TestContext.Current.CancellationToken);
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"{query}: {problem}");
        }

        // 366 days is the longest period; without from and to, the last 30 days (today included).
        var year = await api.GetJsonAsync("/api/reports/summary?from=2025-01-01&to=2026-01-01");
        Assert.Equal(366, year.GetProperty("byDay").GetArrayLength());
        var recent = await api.GetJsonAsync("/api/reports/summary");
        Assert.Equal("2026-11-25", recent.Text("to"));
        Assert.Equal(30, recent.GetProperty("byDay").GetArrayLength());
    }
}
