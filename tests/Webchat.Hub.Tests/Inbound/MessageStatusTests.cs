using System.Globalization;
using Webchat.Hub.Messages;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary><c>messageStatus</c>: the provider's report on a message the hub sent.</summary>
public sealed class MessageStatusTests
{
    private static MessageStatusCommand Status(long messageId, string status, string? text = null) =>
        new(TestData.ProviderId, messageId.ToString(CultureInfo.InvariantCulture), status, text);

    /// <summary>A chat with one answer from the hub waiting for its ticks; returns the answer's messageId.</summary>
    private static async Task<long> SentMessageAsync(HubHost hub, ProviderClient provider)
    {
        (await provider.CallAsync(TestData.Message())).ShouldBeOk();
        return await hub.AddSentMessageAsync(1);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Sent_then_read_gives_the_message_one_tick_then_two_and_answers_an_empty_object(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var id = await SentMessageAsync(hub, provider);

        (await provider.CallAsync(Status(id, "sent"))).ShouldBeOk().ShouldBeJson("{}");
        Assert.Equal(DeliveryStatus.Sent, (await hub.MessageAsync(id)).Status);

        hub.Clock.Advance(TimeSpan.FromMinutes(1));
        (await provider.CallAsync(Status(id, "read"))).ShouldBeOk().ShouldBeJson("{}");
        var message = await hub.MessageAsync(id);
        Assert.Equal(DeliveryStatus.Read, message.Status);
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Read], message.StatusEvents.OrderBy(e => e.Id).Select(e => e.Status));
        Assert.All(message.StatusEvents, e => Assert.Equal(StatusSource.Provider, e.Source));
        Assert.Equal(hub.Clock.GetUtcNow(), message.StatusEvents.MaxBy(e => e.Id)!.At);
    }

    /// <summary>Each status value on both stores, with the ticks it gives: any value but error and read is sent.</summary>
    public static TheoryData<StoreKind, string, DeliveryStatus> Reports()
    {
        var data = new TheoryData<StoreKind, string, DeliveryStatus>();
        foreach (var store in new[] { StoreKind.Sqlite, StoreKind.Postgres })
        {
            data.Add(store, "sent", DeliveryStatus.Sent);
            data.Add(store, "read", DeliveryStatus.Read);
            data.Add(store, "error", DeliveryStatus.Error);
            data.Add(store, "delivered", DeliveryStatus.Sent);
            data.Add(store, "READ", DeliveryStatus.Sent);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_reported_status_sets_the_ticks_and_keeps_the_providers_text(StoreKind store, string status, DeliveryStatus ticks)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var id = await SentMessageAsync(hub, provider);

        (await provider.CallAsync(Status(id, status, $"The provider says {status}"))).ShouldBeOk();

        var message = await hub.MessageAsync(id);
        Assert.Equal((ticks, $"The provider says {status}"), (message.Status, message.StatusText));
        Assert.Equal((ticks, $"The provider says {status}"), (message.StatusEvents.Single().Status, message.StatusEvents.Single().Text));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Ticks_never_move_backwards_read_then_sent_stays_read_but_the_report_is_kept(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var id = await SentMessageAsync(hub, provider);

        (await provider.CallAsync(Status(id, "read", "Seen"))).ShouldBeOk();
        (await provider.CallAsync(Status(id, "sent", "Late delivery report"))).ShouldBeOk();
        (await provider.CallAsync(Status(id, "error", "Late failure"))).ShouldBeOk();

        var message = await hub.MessageAsync(id);
        Assert.Equal((DeliveryStatus.Read, "Seen"), (message.Status, message.StatusText));
        Assert.Equal(["Seen", "Late delivery report", "Late failure"], message.StatusEvents.OrderBy(e => e.Id).Select(e => e.Text));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task From_each_state_each_report_moves_the_ticks_as_the_ticks_rule_says_and_is_kept_on_the_timeline(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        (await provider.CallAsync(TestData.Message())).ShouldBeOk();
        var reports = new[] { ("sent", DeliveryStatus.Sent), ("read", DeliveryStatus.Read), ("error", DeliveryStatus.Error) };
        var cases = new List<(DeliveryStatus Start, string Report, DeliveryStatus Reported, long Id)>();
        foreach (var start in Enum.GetValues<DeliveryStatus>())
        {
            foreach (var (report, reported) in reports)
            {
                cases.Add((start, report, reported, await hub.AddSentMessageAsync(1, status: start)));
            }
        }

        foreach (var (_, report, _, id) in cases)
        {
            (await provider.CallAsync(Status(id, report, $"report {report}"))).ShouldBeOk();
        }

        foreach (var (start, report, reported, id) in cases)
        {
            var message = await hub.MessageAsync(id);
            var moves = MessageTicks.MovesForward(start, reported);
            Assert.True(
                (moves ? reported : start, moves ? $"report {report}" : null) == (message.Status!.Value, message.StatusText),
                $"{start} then '{report}' gave {message.Status} ({message.StatusText})");
            var step = message.StatusEvents.MaxBy(e => e.Id)!;
            Assert.Equal((reported, $"report {report}", StatusSource.Provider), (step.Status, step.Text, step.Source));
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_unknown_messageId_is_invalid_parameters(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var id = await SentMessageAsync(hub, provider);

        foreach (var messageId in new[] { (id + 1000).ToString(CultureInfo.InvariantCulture), "not-a-number", "-1", "1e3", "99999999999999999999999" })
        {
            (await provider.CallAsync(new MessageStatusCommand(TestData.ProviderId, messageId, "read"))).ShouldBeInvalidParameters();
        }

        Assert.Equal(DeliveryStatus.Pending, (await hub.MessageAsync(id)).Status);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_message_the_hub_received_rather_than_sent_takes_no_status(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.CallAsync(TestData.Message());
        var received = Assert.Single(await hub.MessagesAsync(1));

        (await provider.CallAsync(Status(received.Id, "read"))).ShouldBeInvalidParameters();

        var message = await hub.MessageAsync(received.Id);
        Assert.Null(message.Status);
        Assert.Empty(message.StatusEvents);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_message_sent_to_another_integration_is_invalid_parameters_and_keeps_its_ticks(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        using var other = hub.Provider(TestData.OtherToken);
        (await other.CallAsync(TestData.Message() with { ProviderId = TestData.OtherProviderId })).ShouldBeOk();
        var othersMessage = await hub.AddSentMessageAsync(1);

        (await provider.CallAsync(Status(othersMessage, "read"))).ShouldBeInvalidParameters();
        Assert.Equal(DeliveryStatus.Pending, (await hub.MessageAsync(othersMessage)).Status);

        // Its own integration may report on it.
        (await other.CallAsync(Status(othersMessage, "read") with { ProviderId = TestData.OtherProviderId })).ShouldBeOk();
        Assert.Equal(DeliveryStatus.Read, (await hub.MessageAsync(othersMessage)).Status);
    }
}
