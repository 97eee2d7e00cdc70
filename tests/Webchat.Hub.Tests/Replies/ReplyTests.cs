using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Replies;

public sealed class ReplyTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_reaches_the_provider_with_every_field_of_the_protocol_in_order(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1", channel: "whatsapp", phone: "+15551234567");

        var accepted = await outbound.ReplyAsync(task, "Hello from the hub", TestData.OwnerEmail,
            new ReplyLink("invoice.pdf", "https://files.example.com/invoice.pdf"),
            new ReplyLink("photo.jpg", "https://files.example.com/photo.jpg"));
        var messageId = accepted.NumberText("messageId");
        Assert.Equal(task, accepted.Number("taskNumber"));

        var delivery = await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");
        Assert.Equal("sent", delivery.Text("messageStatus"));
        var call = Assert.Single(outbound.Receiver.Calls);
        Assert.Null(call.DecodeError);
        Assert.Equal("application/x-www-form-urlencoded", call.ContentType);
        Assert.Equal(
            [
                new("cmd", "newMessage"),
                new("providerId", TestData.ProviderId),
                new("chatId", "chat-1"),
                new("channel", "whatsapp"),
                new("contactPhone", "+15551234567"),
                new("token", TestData.ProviderToken),
                new("message", "Hello from the hub"),
                new("messageId", messageId),
                new("userName", "Olga"),
                new("userLastName", "Owner"),
                new("userIco", "https://example.com/olga.png"),
                new("taskEmail", $"task+{task}@hub.example.com"),
                new("attachments[name]", "invoice.pdf"),
                new("attachments[url]", "https://files.example.com/invoice.pdf"),
                new("attachments[name]", "photo.jpg"),
                new("attachments[url]", "https://files.example.com/photo.jpg"),
            ],
            call.Form.All);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Uploaded_files_reach_the_provider_in_order_at_unguessable_urls_that_serve_them_as_uploaded(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        byte[] picture = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var notes = "Line one\nLine two"u8.ToArray();

        using var form = new MultipartFormDataContent
        {
            { new StringContent("Here are the files"), "text" },
            { new StringContent(TestData.AgentEmail), "authorEmail" },
            { File(picture, "image/png"), "files", "scan 1.png" },
            { File(notes, "text/plain; charset=utf-8"), "files", "notes.txt" },
        };
        var accepted = await outbound.ReplyAsync(task, form);
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");

        var call = Assert.Single(outbound.Receiver.Calls);
        Assert.Equal("Here are the files", call.Text);
        Assert.Equal(["scan 1.png", "notes.txt"], call.Form.GetAll("attachments[name]"));
        var urls = call.Form.GetAll("attachments[url]").Select(u => new Uri(u)).ToArray();
        Assert.Equal(2, urls.Length);
        Assert.All(urls, url =>
        {
            Assert.Equal(outbound.Hub.BaseAddress.Authority, url.Authority);
            Assert.Matches("^/files/[0-9a-f]{32}/", url.AbsolutePath);
        });
        Assert.NotEqual(urls[0].Segments[2], urls[1].Segments[2]);

        // The provider fetches them without any key.
        using var anonymous = new HttpClient();
        using var first = await anonymous.GetAsync(urls[0], TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(picture, await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        using var second = await anonymous.GetAsync(urls[1], TestContext.Current.CancellationToken);
        Assert.Equal("text/plain; charset=utf-8", second.Content.Headers.ContentType?.ToString());
        Assert.Equal(notes, await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        // A guessed id finds nothing.
        var guessed = new Uri(outbound.Hub.BaseAddress, $"/files/{new string('0', 32)}/scan%201.png");
        using var missing = await anonymous.GetAsync(guessed, TestContext.Current.CancellationToken);
        await missing.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Uploaded_files_are_offered_at_the_configured_public_address(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s => s["Hub:PublicUrl"] = "https://hub.example.com/webchat/");
        var task = await outbound.ContactWritesAsync("chat-1");

        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestData.AgentEmail), "authorEmail" },
            { File("%PDF-1.7"u8.ToArray(), "application/pdf"), "files", "offer.pdf" },
        };
        var accepted = await outbound.ReplyAsync(task, form);
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");

        var url = Assert.Single(outbound.Receiver.Calls).Form["attachments[url]"];
        Assert.Matches("^https://hub\\.example\\.com/webchat/files/[0-9a-f]{32}/offer\\.pdf$", url);
        Assert.Equal(string.Empty, outbound.Receiver.Calls[0].Text);

        // The hub serves it under its own root; the public address is the proxy's in front of it.
        using var anonymous = new HttpClient();
        using var file = await anonymous.GetAsync(new Uri(outbound.Hub.BaseAddress, new Uri(url!).AbsolutePath[("/webchat".Length)..]), TestContext.Current.CancellationToken);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_file_over_the_size_limit_is_refused_and_nothing_of_the_reply_is_kept(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store, s => s["Hub:Uploads:MaxFileBytes"] = "1024");
        var task = await outbound.ContactWritesAsync("chat-1");

        using var form = new MultipartFormDataContent
        {
            { new StringContent("Too big"), "text" },
            { new StringContent(TestData.AgentEmail), "authorEmail" },
            { File(new byte[1000], "application/octet-stream"), "files", "small.bin" },
            { File(new byte[2048], "application/octet-stream"), "files", "big.bin" },
        };
        using var response = await outbound.PostReplyAsync(task, form);

        var problem = await response.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("Hub:Uploads:MaxFileBytes", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outbound.UploadsFolder));
        Assert.Equal(0, (await outbound.DeliveriesAsync()).GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_with_something_wrong_is_refused_with_a_problem_that_names_it_and_nothing_is_sent(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");

        using (var response = await outbound.PostReplyAsync(task, new { text = "Hi", authorEmail = "stranger@example.com" }))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("Hub:Employees", problem.GetProperty("errors").GetProperty("authorEmail")[0].GetString(), StringComparison.Ordinal);
        }

        using (var response = await outbound.PostReplyAsync(task, new { text = " ", authorEmail = TestData.AgentEmail }))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        }

        using (var response = await outbound.PostReplyAsync(task, new { text = "See", authorEmail = TestData.AgentEmail, attachments = new[] { new { name = "a", url = "ftp://x/a" } } }))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("attachments[0].url", out _));
        }

        using (var response = await outbound.PostReplyAsync(task, new StringContent("{\"text\":", Encoding.UTF8, "application/json")))
        {
            var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains("not valid JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        }

        using (var response = await outbound.PostReplyAsync(task, new StringContent("Hi", Encoding.UTF8, "text/plain")))
        {
            await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }

        using (var response = await outbound.PostReplyAsync(task + 100, new { text = "Hi", authorEmail = TestData.AgentEmail }))
        {
            await response.ReadProblemAsync(HttpStatusCode.NotFound);
        }

        using (var response = await outbound.Hub.Operator(apiKey: null).PostAsJsonAsync($"/api/tasks/{task}/messages", new { text = "Hi", authorEmail = TestData.AgentEmail }, TestContext.Current.CancellationToken))
        {
            await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        }

        // A reply that gets through shows nothing before it was sent.
        var accepted = await outbound.ReplyAsync(task, "The one that counts");
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");
        Assert.Equal(["The one that counts"], outbound.Receiver.Calls.Select(c => c.Text));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_reply_in_a_chat_of_an_integration_without_a_provider_url_is_refused_as_undeliverable(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        using var other = outbound.Hub.Provider(TestData.OtherToken);
        var task = (await other.SendOkAsync(new Protocol.NewMessageCommand(TestData.OtherProviderId, "chat-9", "Hi", new Protocol.ContactDetails("c-9", "Petr")))).Number;

        using var response = await outbound.PostReplyAsync(task, new { text = "Hi", authorEmail = TestData.AgentEmail });

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Hub:Integrations:1:ProviderUrl", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_write_api_and_the_delivery_log()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var anyone = hub.Operator(apiKey: null);
        var document = await anyone.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/tasks/{number}/messages", "/api/contacts/{number}/messages", "/api/deliveries/retry", "/api/deliveries/{id}/retry" })
        {
            Assert.True(paths.GetProperty(path).TryGetProperty("post", out _), path);
        }

        Assert.True(paths.GetProperty("/api/deliveries").TryGetProperty("get", out _));
        var reply = paths.GetProperty("/api/tasks/{number}/messages").GetProperty("post");
        Assert.True(reply.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(reply.GetProperty("responses").TryGetProperty("202", out _));
        var multipart = reply.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");
        Assert.Equal("binary", multipart.GetProperty("files").GetProperty("items").Text("format"));

        // The providers' side is described too, and needs no API key.
        Assert.True(paths.GetProperty("/files/{id}/{name}").TryGetProperty("get", out _));
        var inbound = paths.GetProperty("/webchat/api").GetProperty("post");
        var form = inbound.GetProperty("requestBody").GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");
        var formSchema = form.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : form;
        Assert.All(["cmd", "providerId", "planfix_token", "chatId", "message", "attachments[name]", "messageStatus"], field => Assert.True(formSchema.GetProperty("properties").TryGetProperty(field, out _), field));
        Assert.True(inbound.GetProperty("responses").TryGetProperty("429", out _));
        Assert.Equal(0, inbound.GetProperty("security").GetArrayLength());
    }

    private static ByteArrayContent File(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
