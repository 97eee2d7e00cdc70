using System.Net;
using Npgsql;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Operators;

/// <summary>An outage of the store met by the operator API is a 503 the caller can retry, never a 500.</summary>
public sealed class StoreOutageTests
{
    // PostgreSQL only: ending the server's sessions under a running hub is an outage SQLite has no form of
    // (its file is opened in the hub's own process).
    [Fact]
    public async Task Operator_requests_after_the_database_ended_the_hubs_connections_are_answered_or_refused_with_503()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Postgres);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message("chat-1"));
        using var client = hub.Operator();
        var ct = TestContext.Current.CancellationToken;
        // Several requests side by side, so the pool holds several connections to lose.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/tasks/1", ct)));

        await using (var admin = new NpgsqlConnection(hub.Store.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await end.ExecuteScalarAsync(ct);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.GetAsync("/api/tasks/1", ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                var problem = await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.Contains("Try again", problem.Text("detail"), StringComparison.Ordinal);
                Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to come back");
            }
        }

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {(int)status}"));
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
    }

    // A reply checks its task on a connection kept open for such reads: one the server ended is not used
    // again, and the reply is taken (or refused with 503), never failed with 500.
    [Fact]
    public async Task Replies_after_the_database_ended_the_hubs_connections_are_taken_or_refused_with_503()
    {
        await using var outbound = await OutboundHub.StartAsync(StoreKind.Postgres);
        var task = await outbound.ContactWritesAsync("chat-1");
        var ct = TestContext.Current.CancellationToken;
        // Replies side by side, so several kept connections are open to lose.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => outbound.ReplyAsync(task, $"before {i}", TestData.OwnerEmail)));

        await using (var admin = new NpgsqlConnection(outbound.Hub.Store.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            await end.ExecuteScalarAsync(ct);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await outbound.PostReplyAsync(task, new { text = $"after {i}", authorEmail = TestData.OwnerEmail });
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"answered {(int)status}"));
        Assert.Equal(HttpStatusCode.Accepted, statuses[^1]);
    }
}
