using System.Globalization;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>What one provider request may cost is bounded: fields per body, log lines per message, steps per timeline.</summary>
public sealed class BoundedWorkTests
{
    [Fact]
    public async Task An_urlencoded_body_with_more_fields_than_the_cap_is_refused_as_invalid()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var form = HubCommandCodec.Encode(TestData.Message(), TestData.Token).Encode();

        var answer = await provider.CallAsync(new StringContent(form + string.Concat(Enumerable.Repeat("&x=1", 2048)), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        answer.ShouldBeInvalidParameters();
        Assert.Empty(await hub.TasksAsync());
    }

    [Fact]
    public async Task Unknown_data_fields_are_summarised_in_one_warning_with_their_names_cut_short()
    {
        var logs = new CapturedLogs();
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, customize: logs.AddTo);
        using var provider = hub.Provider();
        var unknown = Enumerable.Range(0, 20).Select(i => KeyValuePair.Create(new string('n', 300) + i.ToString(CultureInfo.InvariantCulture), "v")).ToList();

        await provider.SendOkAsync(TestData.Message() with { TaskData = unknown });

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("name no field of the task template", StringComparison.Ordinal));
        Assert.Contains("and 15 more", warning.Message, StringComparison.Ordinal);
        Assert.True(warning.Message.Length < 600, warning.Message);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_messages_timeline_keeps_the_first_step_and_the_latest_however_often_the_provider_reports(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        await provider.SendOkAsync(TestData.Message());
        var id = (await hub.AddSentMessageAsync(1, status: DeliveryStatus.Sent)).ToString(CultureInfo.InvariantCulture);

        for (var i = 1; i <= 60; i++)
        {
            await provider.SendOkAsync(new MessageStatusCommand(TestData.ProviderId, id, "read", $"report {i}"));
        }

        using var api = hub.Operator();
        var message = (await api.GetJsonAsync("/api/tasks/1")).GetProperty("messages").EnumerateArray().Last();
        var timeline = message.GetProperty("statusTimeline").EnumerateArray().ToList();
        Assert.Equal(Webchat.Hub.Messages.MessageTicks.MaxTimeline, timeline.Count);
        Assert.Equal("delivery", timeline[0].Text("source"));
        Assert.Equal("report 60", timeline[^1].Text("text"));
        Assert.Equal("report 12", timeline[1].Text("text"));
    }
}
