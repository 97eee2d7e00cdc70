using System.Net;
using System.Net.Http.Json;
using Webchat.DemoProvider.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.DemoProvider.Tests.Hub;

/// <summary>The demo's provider URL, <c>/planfix</c>, called by the real hub.</summary>
public sealed class HubCallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_from_the_hub_opens_a_chat_whose_answers_land_in_the_same_task(StoreKind store)
    {
        var demoAddress = DemoHost.FreeAddress();
        await using var hub = await HubHost.StartAsync(store, s =>
        {
            s["Hub:Integrations:0:ProviderUrl"] = new Uri(demoAddress, "/planfix").ToString();
            s["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true";
        });
        await using var demo = await DemoHost.StartAsync(new Uri(hub.BaseAddress, "/webchat/api"), demoAddress);
        using var api = hub.Operator();
        using (var crm = hub.Provider())
        {
            // A contact the provider's CRM told the hub about: a phone, no chat yet.
            await crm.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("crm-7", "Maria", Phone: "+15550001111")));
        }

        using var first = await api.PostAsJsonAsync("/api/contacts/1/messages", new { text = "Your order has shipped", authorEmail = TestData.AgentEmail }, Ct);
        var accepted = await first.ReadJsonAsync(HttpStatusCode.Accepted);
        await Eventually.TrueAsync(
            async () => (await api.GetJsonAsync($"/api/deliveries/{accepted.Number("deliveryId")}")).Text("state") == "delivered",
            "the first message to be delivered");

        // The demo opened a chat of its own for the phone and told the hub; the chat's next message lands in the task.
        var task = accepted.Number("taskNumber");
        var chatId = (await api.GetJsonAsync($"/api/tasks/{task}")).GetProperty("chat").Text("chatId");
        Assert.StartsWith("site-", chatId, StringComparison.Ordinal);
        using var provider = hub.Provider();
        var answer = await provider.SendOkAsync(new NewMessageCommand(TestData.ProviderId, chatId!, "Thank you!", new ContactDetails("crm-7", "Maria")));
        Assert.Equal(task, answer.Number);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_to_a_phone_never_goes_to_a_visitor_who_typed_that_phone(StoreKind store)
    {
        var demoAddress = DemoHost.FreeAddress();
        await using var hub = await HubHost.StartAsync(store, s =>
        {
            s["Hub:Integrations:0:ProviderUrl"] = new Uri(demoAddress, "/planfix").ToString();
            s["Hub:Integrations:0:WriteButtonForContactsWithPhone"] = "true";
        });
        await using var demo = await DemoHost.StartAsync(new Uri(hub.BaseAddress, "/webchat/api"), demoAddress);
        using var api = hub.Operator();

        // A stranger types the customer's phone in the widget and writes.
        using var stranger = demo.Visitor();
        using (var sent = await stranger.PostAsJsonAsync("/api/messages", new { name = "Mallory", phone = "+15550001111", message = "Hi" }, Ct))
        {
            await sent.ReadJsonAsync(HttpStatusCode.OK);
        }

        var strangersChat = (await api.GetJsonAsync("/api/tasks/1")).GetProperty("chat").Text("chatId");
        using (var crm = hub.Provider())
        {
            await crm.SendOkAsync(new UpdateContactCommand(TestData.ProviderId, new ContactDetails("crm-7", "Maria", Phone: "+15550001111")));
        }

        var maria = (await hub.ContactAsync("crm-7")).Number;
        using var first = await api.PostAsJsonAsync($"/api/contacts/{maria}/messages", new { text = "Your order 42 has shipped", authorEmail = TestData.AgentEmail }, Ct);
        var accepted = await first.ReadJsonAsync(HttpStatusCode.Accepted);
        await Eventually.TrueAsync(
            async () => (await api.GetJsonAsync($"/api/deliveries/{accepted.Number("deliveryId")}")).Text("state") == "delivered",
            "the first message to be delivered");

        // Maria's task has a chat of its own; the stranger's conversation does not hold her message.
        var mariasChat = (await api.GetJsonAsync($"/api/tasks/{accepted.Number("taskNumber")}")).GetProperty("chat").Text("chatId");
        Assert.NotEqual(strangersChat, mariasChat);
    }
}
