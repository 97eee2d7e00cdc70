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
}
