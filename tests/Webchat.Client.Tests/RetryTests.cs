using System.Diagnostics;
using Webchat.Client.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Client.Tests;

/// <summary>Transient failures are retried (connection errors, timeouts, 408, 429, 5xx), honouring Retry-After; a 4xx never is.</summary>
public sealed class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly GetTaskRequest Task1 = new("chat-1");

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task A_transient_answer_is_retried_until_the_hub_answers(int status)
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(call => hub.Calls.Count < 3 ? ReceiverAnswer.Error(status, "Temporarily unavailable") : new ReceiverAnswer(200, """{"data":{"number":7}}"""));
        using var sdk = Sdk.For(hub.Url);

        Assert.Equal(7, (await sdk.Client.GetTaskAsync(Task1, Ct)).Number);
        Assert.Equal(3, hub.Calls.Count);
    }

    [Fact]
    public async Task When_the_retries_run_out_the_failure_is_unavailable()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => ReceiverAnswer.Error(503, "Temporarily unavailable"));
        using var sdk = Sdk.For(hub.Url, o => o.MaxRetries = 2);

        await WebchatClientHubTests.ShouldFailAsync(WebchatErrorKind.Unavailable, 503, () => sdk.Client.GetTaskAsync(Task1, Ct));
        Assert.Equal(3, hub.Calls.Count);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        var times = new List<long>();
        hub.Answer(_ =>
        {
            lock (times)
            {
                times.Add(Stopwatch.GetTimestamp());
                return times.Count == 1 ? ReceiverAnswer.Error(429, "slow down", retryAfterSeconds: 2) : new ReceiverAnswer(200, """{"number":7}""");
            }
        });
        using var sdk = Sdk.For(hub.Url);

        await sdk.Client.GetTaskAsync(Task1, Ct);

        // The client's own delay is 1 ms: only the hub's Retry-After can hold the second call back this long.
        Assert.Equal(2, times.Count);
        Assert.True(Stopwatch.GetElapsedTime(times[0], times[1]) >= TimeSpan.FromSeconds(1.9), $"the retry came after {Stopwatch.GetElapsedTime(times[0], times[1])}");
    }

    [Fact]
    public async Task A_hub_that_does_not_answer_in_time_is_unavailable_after_the_retries()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => ReceiverAnswer.Silence());
        using var sdk = Sdk.For(hub.Url, o => (o.MaxRetries, o.AttemptTimeout) = (1, TimeSpan.FromMilliseconds(300)));

        var failure = await WebchatClientHubTests.ShouldFailAsync(WebchatErrorKind.Unavailable, null, () => sdk.Client.GetTaskAsync(Task1, Ct));
        Assert.Contains("no answer within", failure.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => hub.Calls.Count == 2 && hub.Calls.All(c => c.Aborted), "both attempts to be cut off");
    }

    [Fact]
    public async Task A_hub_that_refuses_connections_is_retried_and_then_unavailable()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        var url = hub.Url;
        await hub.GoDownAsync();
        using var sdk = Sdk.For(url, o => o.MaxRetries = 1);

        await WebchatClientHubTests.ShouldFailAsync(WebchatErrorKind.Unavailable, null, () => sdk.Client.GetTaskAsync(Task1, Ct));

        // Back up before the next call: it goes through.
        await hub.ComeBackAsync();
        hub.Answer(_ => new ReceiverAnswer(200, """{"data":{"number":7}}"""));
        Assert.Equal(7, (await sdk.Client.GetTaskAsync(Task1, Ct)).Number);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(413)]
    public async Task A_client_error_is_never_retried(int status)
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => ReceiverAnswer.Error(status, "Invalid parameters"));
        using var sdk = Sdk.For(hub.Url);

        await Assert.ThrowsAsync<WebchatException>(() => sdk.Client.GetTaskAsync(Task1, Ct));
        Assert.Single(hub.Calls);
    }
}
