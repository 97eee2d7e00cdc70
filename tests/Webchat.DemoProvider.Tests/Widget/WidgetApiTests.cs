using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Webchat.DemoProvider.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.DemoProvider.Tests.Widget;

/// <summary>The widget's API against a fake hub that records what the demo sends (real Kestrel on loopback).</summary>
public sealed class WidgetApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_visitors_messages_go_to_the_hub_as_new_message_with_the_title_on_the_first_only()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, """{"data":{"number":1,"contactNumber":1}}"""));
        await using var demo = await DemoHost.StartAsync(hub.Url);
        using var visitor = demo.Visitor();

        await SendAsync(visitor, new { name = "Ivan", email = "ivan@example.com", phone = "+79051234567", message = "First" }, HttpStatusCode.OK);
        await SendAsync(visitor, new { name = "Ivan", message = "Second" }, HttpStatusCode.OK);

        var (first, second) = (hub.Calls[0].Form, hub.Calls[1].Form);
        Assert.Equal(("newMessage", TestData.ProviderId, TestData.Token), (first["cmd"], first["providerId"], first["planfix_token"]));
        Assert.Equal(("First", "Ivan", "ivan@example.com", "+79051234567", "Site chat with Ivan"),
            (first["message"], first["contactName"], first["contactEmail"], first["contactPhone"], first["title"]));
        Assert.StartsWith("site-", first["chatId"], StringComparison.Ordinal);
        Assert.StartsWith("visitor-", first["contactId"], StringComparison.Ordinal);
        Assert.Equal((first["chatId"], first["contactId"], "Second"), (second["chatId"], second["contactId"], second["message"]));
        Assert.Null(second["title"]);

        // Another visitor is another chat.
        using var other = demo.Visitor();
        await SendAsync(other, new { name = "Olga", message = "Hi" }, HttpStatusCode.OK);
        Assert.NotEqual(first["chatId"], hub.Calls[2].Form["chatId"]);
        Assert.Equal("Site chat with Olga", hub.Calls[2].Form["title"]);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_what_to_fix_and_nothing_reaches_the_hub()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        await using var demo = await DemoHost.StartAsync(hub.Url);
        using var visitor = demo.Visitor();

        var problem = await SendAsync(visitor, new { name = " ", email = "not-an-address", message = new string('x', 4001) }, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["email", "message", "name"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("name@example.com", errors.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(hub.Calls);
    }

    [Fact]
    public async Task When_the_hub_refuses_the_visitor_is_told_to_try_again_and_the_message_is_not_kept()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => ReceiverAnswer.Error(503, "Temporarily unavailable"));
        await using var demo = await DemoHost.StartAsync(hub.Url);
        using var visitor = demo.Visitor();

        var problem = await SendAsync(visitor, new { name = "Ivan", message = "Hello" }, HttpStatusCode.ServiceUnavailable);

        Assert.Contains("Try again", problem.Text("title"), StringComparison.Ordinal);
        Assert.True(hub.Calls.Count > 1, "a 503 is retried");

        // The next message, once the hub is back, is still the chat's first: it carries the title.
        hub.Answer(_ => ReceiverAnswer.Ok());
        await SendAsync(visitor, new { name = "Ivan", message = "Hello again" }, HttpStatusCode.OK);
        Assert.Equal("Site chat with Ivan", hub.Calls[^1].Form["title"]);
    }

    [Fact]
    public async Task When_the_hub_cannot_be_reached_the_visitor_is_not_told_its_address()
    {
        var hidden = new Uri(DemoHost.FreeAddress(), "/internal-hub/webchat/api");
        await using var demo = await DemoHost.StartAsync(hidden);
        using var visitor = demo.Visitor();

        using var response = await visitor.PostAsJsonAsync("/api/messages", new { name = "Ivan", message = "Hello" }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Try again", body, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-hub", body, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_address_sends_only_so_many_messages_in_a_window_and_the_rest_never_reach_the_hub()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        hub.Answer(_ => new ReceiverAnswer(200, """{"data":{"number":1,"contactNumber":1}}"""));
        await using var demo = await DemoHost.StartAsync(hub.Url, settings: new Dictionary<string, string?>
        {
            ["Demo:Limits:MessagesPerWindow"] = "3",
            ["Demo:Limits:Window"] = "01:00:00",
        });

        // Cookie-less, as a script sends: each would be a new contact and task at the hub.
        for (var i = 0; i < 3; i++)
        {
            using var script = new HttpClient { BaseAddress = demo.BaseAddress };
            await SendAsync(script, new { name = "Bot", message = $"spam {i}" }, HttpStatusCode.OK);
        }

        using var more = new HttpClient { BaseAddress = demo.BaseAddress };
        using var refused = await more.PostAsJsonAsync("/api/messages", new { name = "Bot", message = "spam 3" }, Ct);
        var problem = await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests);

        Assert.Contains("Too many", problem.Text("title"), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter is not null, "a refusal says when to come back");
        Assert.Equal(3, hub.Calls.Count);
    }

    [Fact]
    public async Task Only_the_visitors_own_messages_can_be_reported_read()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        await using var demo = await DemoHost.StartAsync(hub.Url);
        using var visitor = demo.Visitor();

        using var response = await visitor.PostAsync("/api/messages/77/read", null, Ct);

        var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("reload the page", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(hub.Calls);
    }

    [Fact]
    public async Task The_page_allows_only_its_own_scripts_and_styles()
    {
        await using var hub = await ProviderReceiver.StartAsync();
        await using var demo = await DemoHost.StartAsync(hub.Url);
        using var visitor = demo.Visitor();

        using var page = await visitor.GetAsync("/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/widget.js\" defer></script>", html, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> SendAsync(HttpClient visitor, object form, HttpStatusCode expected)
    {
        using var response = await visitor.PostAsJsonAsync("/api/messages", form, Ct);
        return await response.ReadJsonAsync(expected);
    }
}
