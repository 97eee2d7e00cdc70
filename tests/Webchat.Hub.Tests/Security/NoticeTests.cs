using System.Net;
using System.Net.Http.Json;
using Webchat.Hub.Tests.Console;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Security;

/// <summary>What a form says comes back once, from the hub itself: never from the URL, never kept in it.</summary>
public sealed class NoticeTests(ConsoleBrowser browser)
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_crafted_link_cannot_make_the_console_show_its_text(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        using var agent = new SignInClient(console.Hub.BaseAddress);
        Assert.Equal("/", await agent.SignInAsync(TestData.AgentEmail, ConsoleHub.AgentPassword));

        var page = await agent.Http.GetStringAsync("/?notice=Your+session+expired%2C+sign+in+at+evil.example&error=Call+support+at+555", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Call support", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_invitation_link_is_shown_once_on_the_page_and_never_travels_in_a_url(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var ct = TestContext.Current.CancellationToken;
        using var owner = new SignInClient(console.Hub.BaseAddress);
        Assert.Equal("/", await owner.SignInAsync(TestData.OwnerEmail, ConsoleHub.OwnerPassword));
        using var admin = console.Hub.Operator(TestData.AdminApiKey);
        var agentId = (await admin.GetJsonAsync("/api/employees")).EnumerateArray().Single(e => e.Text("email") == TestData.AgentEmail).Number("id");

        using var reset = await owner.PostFormAsync("/admin/employees", $"/admin/employees/{agentId}/invite");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/admin/employees", reset.Headers.Location?.OriginalString);

        var shown = await owner.Http.GetStringAsync("/admin/employees", ct);
        Assert.Contains("/account/password?user=", WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        var again = await owner.Http.GetStringAsync("/admin/employees", ct);
        Assert.DoesNotContain("/account/password?user=", WebUtility.HtmlDecode(again), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Retry_on_a_task_page_retries_only_that_tasks_deliveries(StoreKind store)
    {
        await using var console = await ConsoleHub.StartAsync(browser, store);
        var mine = await console.ContactWritesAsync("Mine", chatId: "chat-1", contactId: "contact-1");
        var other = await console.ContactWritesAsync("Other", chatId: "chat-2", contactId: "contact-2");
        console.Receiver.Answer(_ => ReceiverAnswer.Error(400, "Unknown chat"));
        var failed = (await console.Outbound.ReplyAsync(other, "Not for the agent's page")).Number("deliveryId");
        await console.Outbound.WaitForStateAsync(failed, "failed");
        console.Receiver.Answer(_ => ReceiverAnswer.Ok());

        using var agent = new SignInClient(console.Hub.BaseAddress);
        Assert.Equal("/", await agent.SignInAsync(TestData.AgentEmail, ConsoleHub.AgentPassword));
        using var retry = await agent.PostFormAsync($"/tasks/{mine}", $"/tasks/{mine}/retry", new KeyValuePair<string, string>("delivery", failed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);

        var page = await agent.Http.GetStringAsync(retry.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Contains($"There is no delivery {failed} of this task.", page, StringComparison.Ordinal);
        Assert.Equal("failed", (await console.Outbound.DeliveryAsync(failed)).Text("state"));
        Assert.Single(console.Receiver.Calls);
    }
}
