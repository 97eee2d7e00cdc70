using System.Net;
using System.Net.Http.Json;
using System.Text;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Delivery;

public sealed class DeliveryLogTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task The_log_lists_failed_deliveries_with_their_attempts_and_a_retry_sends_one_again_with_the_same_messageId(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var a = await outbound.ContactWritesAsync("chat-a", "contact-a");
        var b = await outbound.ContactWritesAsync("chat-b", "contact-b");
        outbound.Receiver.Answer(call => call.Text!.StartsWith("bad", StringComparison.Ordinal) ? ReceiverAnswer.Error(401, "Invalid token") : ReceiverAnswer.Ok());
        var badA = await outbound.ReplyAsync(a, "bad a");
        var badB = await outbound.ReplyAsync(b, "bad b");
        var good = await outbound.ReplyAsync(a, "good a");
        await outbound.WaitForStateAsync(badA.Number("deliveryId"), "failed");
        await outbound.WaitForStateAsync(badB.Number("deliveryId"), "failed");
        await outbound.WaitForStateAsync(good.Number("deliveryId"), "delivered");

        var failed = await outbound.DeliveriesAsync($"state=failed&integration={TestData.ProviderId}");
        Assert.Equal(2, failed.GetProperty("totalCount").GetInt32());
        var items = failed.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([badB.Number("deliveryId"), badA.Number("deliveryId")], items.Select(i => i.Number("id")));
        Assert.All(items, item =>
        {
            Assert.Equal(TestData.ProviderId, item.Text("integration"));
            Assert.Equal("error", item.Text("messageStatus"));
            var attempt = Assert.Single(item.GetProperty("attempts").EnumerateArray());
            Assert.Equal(401, attempt.GetProperty("statusCode").GetInt32());
            Assert.Equal("""{"error":"Invalid token"}""", attempt.Text("answer"));
            Assert.True(attempt.GetProperty("latencyMs").GetInt32() >= 0);
            Assert.Equal(outbound.Hub.Clock.GetUtcNow(), attempt.Time("at"));
        });
        Assert.Equal(1, (await outbound.DeliveriesAsync("state=delivered")).GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await outbound.DeliveriesAsync($"integration={TestData.OtherProviderId}")).GetProperty("totalCount").GetInt32());
        var page = await outbound.DeliveriesAsync("page=2&pageSize=2");
        Assert.Equal([badA.Number("deliveryId")], page.GetProperty("items").EnumerateArray().Select(i => i.Number("id")));
        Assert.Equal(2, page.GetProperty("totalPages").GetInt32());

        // The token is fixed: the failed reply goes again.
        outbound.Receiver.Answer(_ => ReceiverAnswer.Ok());
        var requeued = await outbound.Operator.PostJsonAsync($"/api/deliveries/{badA.Number("deliveryId")}/retry");
        Assert.NotEqual("failed", requeued.Text("state"));

        var resent = await outbound.WaitForStateAsync(badA.Number("deliveryId"), "delivered");
        Assert.Equal("sent", resent.Text("messageStatus"));
        Assert.Equal(["failed", "delivered"], resent.GetProperty("attempts").EnumerateArray().Select(t => t.Text("outcome")));
        Assert.Equal(2, outbound.Receiver.Calls.Count(c => c.MessageId == badA.NumberText("messageId")));

        using (var again = await outbound.Operator.PostAsync($"/api/deliveries/{badA.Number("deliveryId")}/retry", null, TestContext.Current.CancellationToken))
        {
            await again.ReadProblemAsync(HttpStatusCode.Conflict);
        }

        using (var missing = await outbound.Operator.PostAsync("/api/deliveries/9999/retry", null, TestContext.Current.CancellationToken))
        {
            await missing.ReadProblemAsync(HttpStatusCode.NotFound);
        }

        using (var missing = await outbound.Operator.GetAsync("/api/deliveries/9999", TestContext.Current.CancellationToken))
        {
            await missing.ReadProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_bulk_retry_after_an_outage_sends_the_integrations_failed_deliveries_of_that_time_again_in_chat_order(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var a = await outbound.ContactWritesAsync("chat-a", "contact-a");
        var b = await outbound.ContactWritesAsync("chat-b", "contact-b");
        outbound.Receiver.Answer(_ => ReceiverAnswer.Error(400, "Invalid parameters"));

        var before = await outbound.ReplyAsync(a, "before the outage");

        // The clock moves only once nothing is under way: a jump would time out an attempt in flight.
        await outbound.WaitForCountAsync("failed", 1);
        outbound.AdvanceTo(outbound.Hub.Clock.GetUtcNow().AddHours(1));
        var outageStart = outbound.Hub.Clock.GetUtcNow();
        var during = new[]
        {
            await outbound.ReplyAsync(a, "a 1"),
            await outbound.ReplyAsync(b, "b 1"),
            await outbound.ReplyAsync(a, "a 2"),
            await outbound.ReplyAsync(b, "b 2"),
        };
        await outbound.WaitForCountAsync("failed", 5);
        outbound.AdvanceTo(outbound.Hub.Clock.GetUtcNow().AddHours(1));
        var outageEnd = outbound.Hub.Clock.GetUtcNow();
        var afterwards = await outbound.ReplyAsync(b, "after the outage");
        await outbound.WaitForCountAsync("failed", 6);
        var failedCalls = outbound.Receiver.Calls.Count;

        outbound.Receiver.Answer(_ => ReceiverAnswer.Ok());
        using var response = await outbound.Operator.PostAsJsonAsync(
            "/api/deliveries/retry",
            new { integration = TestData.ProviderId, from = outageStart, to = outageEnd },
            TestContext.Current.CancellationToken);

        var retried = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, retried.GetProperty("retried").GetInt32());
        Assert.Equal(during.Select(d => d.Number("deliveryId")), retried.GetProperty("deliveryIds").EnumerateArray().Select(i => i.GetInt64()));
        foreach (var reply in during)
        {
            await outbound.WaitForStateAsync(reply.Number("deliveryId"), "delivered");
        }

        Assert.Equal(["a 1", "a 2"], outbound.Receiver.Accepted.Where(c => c.ChatId == "chat-a").Select(c => c.Text));
        Assert.Equal(["b 1", "b 2"], outbound.Receiver.Accepted.Where(c => c.ChatId == "chat-b").Select(c => c.Text));
        Assert.Equal(failedCalls + 4, outbound.Receiver.Calls.Count);
        Assert.Equal("failed", (await outbound.DeliveryAsync(before.Number("deliveryId"))).Text("state"));
        Assert.Equal("failed", (await outbound.DeliveryAsync(afterwards.Number("deliveryId"))).Text("state"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Bad_filters_and_retry_requests_get_problems_that_name_what_is_wrong(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);

        foreach (var (query, field) in new[] { ("state=lost", "state"), ("integration=nochat", "integration"), ("pageSize=0", "pageSize"), ("page=x", "page") })
        {
            using var response = await outbound.Operator.GetAsync($"/api/deliveries?{query}", TestContext.Current.CancellationToken);
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }

        using (var response = await outbound.Operator.PostAsJsonAsync("/api/deliveries/retry", new { from = "2026-11-25T09:00:00Z" }, TestContext.Current.CancellationToken))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("integration", out _));
        }

        using (var response = await outbound.Operator.PostAsJsonAsync("/api/deliveries/retry", new { integration = TestData.ProviderId, from = "2026-11-25T10:00:00Z", to = "2026-11-25T09:00:00Z" }, TestContext.Current.CancellationToken))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("to", out _));
        }

        using (var response = await outbound.Operator.PostAsync("/api/deliveries/retry", new StringContent("{\"integration\":", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("not valid JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        }

        using (var response = await outbound.Operator.PostAsync("/api/deliveries/retry", new StringContent("integration=superchat", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken))
        {
            await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }

        using (var response = await outbound.Hub.Operator(apiKey: null).GetAsync("/api/deliveries", TestContext.Current.CancellationToken))
        {
            await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        }
    }
}
