using System.Net;
using System.Net.Http.Json;
using System.Text;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Notes;

public sealed class NoteTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_note_is_among_the_tasks_messages_as_a_note_is_found_by_search_and_never_reaches_the_provider(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1", text: "Where is my boiler?");
        var api = outbound.Operator;

        using var added = await api.PostAsJsonAsync($"/api/tasks/{task}/notes", new { text = "Клиент VIP: звонить до обеда", authorEmail = TestData.OwnerEmail }, TestContext.Current.CancellationToken);
        var note = await added.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(task, note.Number("taskNumber"));

        // A reply after the note goes out in the task's order: once it is delivered, the note would have been too.
        var reply = await outbound.ReplyAsync(task, "It ships today", TestData.AgentEmail);
        await outbound.WaitForStateAsync(reply.Number("deliveryId"), "delivered");
        var call = Assert.Single(outbound.Receiver.Calls);
        Assert.Equal("It ships today", call.Text);
        Assert.Equal(1, (await outbound.DeliveriesAsync()).Number("totalCount"));

        var messages = (await api.GetJsonAsync($"/api/tasks/{task}")).GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(["fromContact", "note", "toContact"], messages.Select(m => m.Text("direction")));
        var stored = messages[1];
        Assert.Equal(note.Number("messageId"), stored.Number("id"));
        Assert.Equal("Клиент VIP: звонить до обеда", stored.Text("text"));
        Assert.Equal(TestData.OwnerEmail, stored.GetProperty("author").Text("email"));
        Assert.True(stored.IsNull("status"));

        Assert.Equal([task], await api.ListedTaskNumbersAsync("/api/tasks?q=" + Uri.EscapeDataString("ОБЕДА")));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_bad_note_is_refused_with_a_problem_that_names_what_is_wrong_and_nothing_is_stored(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var task = (await provider.SendOkAsync(TestData.Message())).Number;
        using var api = hub.Operator();

        async Task<System.Text.Json.JsonElement> RefusedAsync(HttpContent body, HttpStatusCode status, long number)
        {
            using var response = await api.PostAsync($"/api/tasks/{number}/notes", body, TestContext.Current.CancellationToken);
            return await response.ReadProblemAsync(status);
        }

        var empty = await RefusedAsync(JsonContent.Create(new { text = "  ", authorEmail = TestData.OwnerEmail }), HttpStatusCode.BadRequest, task);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        var stranger = await RefusedAsync(JsonContent.Create(new { text = "Hi", authorEmail = "nobody@example.com" }), HttpStatusCode.BadRequest, task);
        Assert.True(stranger.GetProperty("errors").TryGetProperty("authorEmail", out _));
        var broken = await RefusedAsync(JsonContent.Create(new { text = "a NUL \0 inside", authorEmail = TestData.OwnerEmail }), HttpStatusCode.BadRequest, task);
        Assert.True(broken.GetProperty("errors").TryGetProperty("text", out _));
        await RefusedAsync(JsonContent.Create(new { text = new string('x', 65_537), authorEmail = TestData.OwnerEmail }), HttpStatusCode.BadRequest, task);
        await RefusedAsync(new StringContent("{\"text\":", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, task);
        await RefusedAsync(new StringContent("text=hi", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType, task);
        await RefusedAsync(JsonContent.Create(new { text = "Hi", authorEmail = TestData.OwnerEmail }), HttpStatusCode.NotFound, task + 100);

        Assert.Single(await hub.MessagesAsync(task));
    }
}
