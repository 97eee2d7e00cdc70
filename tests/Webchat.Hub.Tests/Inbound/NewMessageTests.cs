using System.Net;
using System.Text.Json;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Inbound;

public sealed class NewMessageTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_first_message_opens_a_task_and_a_contact_and_answers_their_numbers(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();

        using var response = await provider.SendAsync(TestData.Message());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, body.RootElement.GetProperty("data").GetProperty("number").GetInt64());
        Assert.Equal(1, body.RootElement.GetProperty("data").GetProperty("contactNumber").GetInt64());
    }
}
