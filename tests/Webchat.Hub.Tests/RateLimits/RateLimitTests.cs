using System.Net;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.RateLimits;

/// <summary>Over its limit, a caller gets 429 with Retry-After: the protocol's JSON error on /webchat/api, a ProblemDetails on /api.</summary>
public sealed class RateLimitTests
{
    private const int Requests = 12;

    [Fact]
    public async Task An_integration_over_its_limit_gets_429_with_Retry_After_in_the_protocols_shape_and_other_integrations_go_on()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, s =>
        {
            s["Hub:RateLimits:PerIntegration:PermitsPerSecond"] = "1";
            s["Hub:RateLimits:PerIntegration:Burst"] = "3";
        });
        using var provider = hub.Provider();

        var answers = new List<ProtocolAnswer>();
        for (var i = 0; i < Requests; i++)
        {
            answers.Add(await provider.CallAsync(new GetContactCommand(TestData.ProviderId, "nobody")));
        }

        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        limited[0].ShouldBeError(HttpStatusCode.TooManyRequests, ProtocolErrors.TooManyRequests);
        Assert.True(limited[0].RetryAfter >= 1, limited[0].ToString());

        // The limit is the integration's own: another integration is not held by it.
        using var other = hub.Provider(TestData.OtherToken);
        (await other.CallAsync(new GetContactCommand(TestData.OtherProviderId, "nobody"))).ShouldBeError(HttpStatusCode.BadRequest, ProtocolErrors.UnknownContact);
    }

    [Fact]
    public async Task A_client_address_over_its_limit_gets_429_before_its_token_is_even_read()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, s =>
        {
            s["Hub:RateLimits:PerAddress:PermitsPerSecond"] = "1";
            s["Hub:RateLimits:PerAddress:Burst"] = "3";
        });
        using var guesser = hub.Provider("a-guessed-token-0000000000000000");

        var answers = new List<ProtocolAnswer>();
        for (var i = 0; i < Requests; i++)
        {
            answers.Add(await guesser.CallAsync(new GetContactCommand(TestData.ProviderId, "nobody")));
        }

        var limited = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        limited[0].ShouldBeError(HttpStatusCode.TooManyRequests, ProtocolErrors.TooManyRequests);
        Assert.True(limited[0].RetryAfter >= 1);
        Assert.All(answers.Except(limited), a => a.ShouldBeInvalidToken());
    }

    [Fact]
    public async Task An_API_key_over_its_limit_gets_a_429_problem_with_Retry_After_and_other_keys_go_on()
    {
        const string otherKey = "another-operator-key-0123456789";
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, s =>
        {
            s["Hub:ApiKeys:1"] = otherKey;
            s["Hub:RateLimits:PerApiKey:PermitsPerSecond"] = "1";
            s["Hub:RateLimits:PerApiKey:Burst"] = "3";
        });
        using var api = hub.Operator();

        var statuses = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < Requests; i++)
            {
                statuses.Add(await api.GetAsync("/api/tasks", TestContext.Current.CancellationToken));
            }

            var limited = statuses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            var problem = await limited.ReadProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("Hub:RateLimits:PerApiKey", problem.Text("detail"), StringComparison.Ordinal);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        }
        finally
        {
            statuses.ForEach(r => r.Dispose());
        }

        using var other = hub.Operator(otherKey);
        await other.GetJsonAsync("/api/tasks");
    }
}
