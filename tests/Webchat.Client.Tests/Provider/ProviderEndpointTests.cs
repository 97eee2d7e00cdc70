using System.Net;
using System.Text.Json;
using Webchat.Client.Tests.Infrastructure;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Client.Tests.Provider;

/// <summary><c>MapWebchatProvider</c> on real Kestrel, called as the hub calls a provider.</summary>
public sealed class ProviderEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<KeyValuePair<string, string>> Call(string messageId = "41", string? chatId = "chat-1", string token = TestData.ProviderToken) =>
    [
        new("cmd", "newMessage"), new("providerId", TestData.ProviderId), .. chatId is null ? [] : new KeyValuePair<string, string>[] { new("chatId", chatId) },
        new("contactPhone", "+79051234567"), new("channel", "tg"), new("token", token), new("message", "Здравствуйте! 🙂"), new("messageId", messageId),
        new("userName", "Anna"), new("userLastName", "Smirnova"), new("userIco", "https://example.com/anna.png"), new("taskEmail", "task+1@example.com"),
    ];

    // Go's url.Values.Encode sorts keys: every name comes before every url.
    private static readonly KeyValuePair<string, string>[] Attachments =
    [
        new("attachments[name]", "фото1.jpg"), new("attachments[name]", "price.pdf"),
        new("attachments[url]", "https://example.com/1.jpg"), new("attachments[url]", "https://example.com/price.pdf"),
    ];

    [Fact]
    public async Task An_urlencoded_call_is_handed_over_typed_with_attachments_paired_by_position()
    {
        await using var provider = await ProviderApp.StartAsync();
        using var http = new HttpClient();

        var answer = await PostAsync(http, provider, new FormUrlEncodedContent([.. Call(), .. Attachments]));

        Assert.Equal((HttpStatusCode.OK, "{}"), answer);
        ShouldBeTheCall(Assert.Single(provider.Handled));
    }

    [Fact]
    public async Task A_multipart_call_is_read_the_same_way()
    {
        await using var provider = await ProviderApp.StartAsync();
        using var http = new HttpClient();
        using var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in (KeyValuePair<string, string>[])[.. Call(), .. Attachments])
        {
            multipart.Add(new StringContent(value), key);
        }

        Assert.Equal((HttpStatusCode.OK, "{}"), await PostAsync(http, provider, multipart));
        ShouldBeTheCall(Assert.Single(provider.Handled));
    }

    [Theory]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task A_call_without_the_providers_key_is_refused_and_never_handled(string token)
    {
        await using var provider = await ProviderApp.StartAsync();
        using var http = new HttpClient();

        var answer = await PostAsync(http, provider, new FormUrlEncodedContent(Call(token: token)));

        Assert.Equal((HttpStatusCode.Unauthorized, """{"error":"Invalid token"}"""), answer);
        Assert.Empty(provider.Handled);
    }

    [Fact]
    public async Task A_call_that_is_not_the_protocols_message_is_invalid_parameters()
    {
        await using var provider = await ProviderApp.StartAsync();
        using var http = new HttpClient();
        var noMessageId = Call().Where(f => f.Key != "messageId");
        var unpaired = Call().Append(new("attachments[name]", "lonely.jpg"));

        Assert.Equal((HttpStatusCode.BadRequest, """{"error":"Invalid parameters"}"""), await PostAsync(http, provider, new FormUrlEncodedContent(noMessageId)));
        Assert.Equal((HttpStatusCode.BadRequest, """{"error":"Invalid parameters"}"""), await PostAsync(http, provider, new FormUrlEncodedContent(unpaired)));
        Assert.Equal((HttpStatusCode.BadRequest, """{"error":"Invalid parameters"}"""), await PostAsync(http, provider, new StringContent("""{"cmd":"newMessage"}""", System.Text.Encoding.UTF8, "application/json")));
        Assert.Empty(provider.Handled);
    }

    [Fact]
    public async Task A_call_over_the_size_limit_is_refused_unread()
    {
        await using var provider = await ProviderApp.StartAsync();
        using var http = new HttpClient();
        var huge = Call().Append(new("padding", new string('x', 1_100_000)));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, """{"error":"Request too large"}"""), await PostAsync(http, provider, new FormUrlEncodedContent(huge)));
        Assert.Empty(provider.Handled);
    }

    [Fact]
    public async Task A_repeated_message_id_is_answered_as_before_without_handling_it_again()
    {
        var opened = 0;
        await using var provider = await ProviderApp.StartAsync(message =>
            Task.FromResult(message.IsFirstMessage ? new ProviderAnswer($"chat-{Interlocked.Increment(ref opened)}", "contact-7") : null));
        using var http = new HttpClient();

        Assert.Equal((HttpStatusCode.OK, "{}"), await PostAsync(http, provider, new FormUrlEncodedContent(Call("41"))));
        Assert.Equal((HttpStatusCode.OK, "{}"), await PostAsync(http, provider, new FormUrlEncodedContent(Call("41"))));
        var first = await PostAsync(http, provider, new FormUrlEncodedContent(Call("42", chatId: null)));
        var repeat = await PostAsync(http, provider, new FormUrlEncodedContent(Call("42", chatId: null)));

        Assert.Equal((HttpStatusCode.OK, """{"chatId":"chat-1","contactId":"contact-7"}"""), first);
        Assert.Equal(first, repeat);
        Assert.Equal(["41", "42"], provider.Handled.Select(m => m.MessageId));
        Assert.True(provider.Handled[1].IsFirstMessage);
    }

    [Fact]
    public async Task A_handler_that_fails_answers_500_and_handles_the_hubs_next_attempt()
    {
        var attempts = 0;
        await using var provider = await ProviderApp.StartAsync(_ =>
            Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("the chat service is down") : Task.FromResult<ProviderAnswer?>(null));
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.InternalServerError, (await PostAsync(http, provider, new FormUrlEncodedContent(Call()))).Status);
        Assert.Equal((HttpStatusCode.OK, "{}"), await PostAsync(http, provider, new FormUrlEncodedContent(Call())));
        Assert.Equal(2, provider.Handled.Count);
    }

    [Fact]
    public async Task A_first_message_the_handler_leaves_without_a_chat_is_not_acknowledged()
    {
        await using var provider = await ProviderApp.StartAsync(_ => Task.FromResult<ProviderAnswer?>(null));
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.InternalServerError, (await PostAsync(http, provider, new FormUrlEncodedContent(Call(chatId: null)))).Status);
    }

    [Fact]
    public void Mapping_the_endpoint_without_the_providers_key_names_the_setting()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        var failure = Assert.Throws<InvalidOperationException>(() => app.MapWebchatProvider("/planfix", (_, _) => Task.FromResult<ProviderAnswer?>(null)));
        Assert.Contains("Webchat:ProviderToken", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remembered_messages_are_bounded_and_the_oldest_are_forgotten_first()
    {
        var seen = new SeenMessages(capacity: 2);
        foreach (var key in new[] { "a", "b", "c" })
        {
            Assert.Null(seen.TryRepeat(key, out var slot));
            slot!.SetResult(new ProviderAnswer(key, key));
        }

        Assert.Null(seen.TryRepeat("a", out _));
        Assert.Equal(new ProviderAnswer("c", "c"), await seen.TryRepeat("c", out _)!);
    }

    private static void ShouldBeTheCall(IncomingHubMessage message)
    {
        Assert.Equal((TestData.ProviderId, "41", "chat-1", "tg", "+79051234567"), (message.ProviderId, message.MessageId, message.ChatId, message.Channel, message.ContactPhone));
        Assert.Equal("Здравствуйте! 🙂", message.Text);
        Assert.Equal(new HubEmployee("Anna", "Smirnova", "https://example.com/anna.png"), message.Employee);
        Assert.Equal("Anna Smirnova", message.Employee.DisplayName);
        Assert.Equal("task+1@example.com", message.TaskEmail);
        Assert.False(message.IsFirstMessage);
        Assert.Equal([new Attachment("фото1.jpg", "https://example.com/1.jpg"), new Attachment("price.pdf", "https://example.com/price.pdf")], message.Attachments);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, ProviderApp provider, HttpContent content)
    {
        using (content)
        {
            using var response = await http.PostAsync(provider.Url, content, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.InternalServerError)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                using var _ = JsonDocument.Parse(body);
            }

            return (response.StatusCode, body);
        }
    }
}
