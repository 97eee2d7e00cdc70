using System.Net;
using System.Text;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>What a provider gets for a request the hub cannot take: a clear protocol error, never a 500, nothing stored.</summary>
public sealed class BadInputTests
{
    private const string FormType = "application/x-www-form-urlencoded";

    private const string Chunked = "Transfer-Encoding: chunked";

    private static async Task ShouldBeInvalid(ProviderClient provider, ProviderForm form) =>
        (await provider.CallAsync(form)).ShouldBeInvalidParameters();

    public static TheoryData<string, string> RequiredFields => new()
    {
        { HubCommandNames.NewMessage, "providerId" },
        { HubCommandNames.NewMessage, "chatId" },
        { HubCommandNames.NewMessage, "contactId" },
        { HubCommandNames.NewMessage, "message" },
        { HubCommandNames.GetTask, "providerId" },
        { HubCommandNames.GetTask, "chatId" },
        { HubCommandNames.GetContact, "providerId" },
        { HubCommandNames.GetContact, "contactId" },
        { HubCommandNames.UpdateContact, "providerId" },
        { HubCommandNames.UpdateContact, "contactId" },
        { HubCommandNames.UpdateContact, "contactName" },
        { HubCommandNames.MessageStatus, "providerId" },
        { HubCommandNames.MessageStatus, "messageId" },
        { HubCommandNames.MessageStatus, "messageStatus" },
    };

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public async Task A_missing_or_empty_required_field_is_invalid_parameters(string cmd, string field)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();

        await ShouldBeInvalid(provider, ProviderForm.Of(SampleCommands.Of(cmd)).Set(field, ""));
        await ShouldBeInvalid(provider, ProviderForm.Of(SampleCommands.Of(cmd)).Remove(field));

        Assert.Empty(await hub.TasksAsync());
        Assert.Empty(await hub.ContactsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("deleteTask")]
    [InlineData("NEWMESSAGE")]
    [InlineData("newMessage ")]
    public async Task A_missing_or_unknown_cmd_is_invalid_parameters(string? cmd)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var form = ProviderForm.Of(TestData.Message());

        await ShouldBeInvalid(provider, cmd is null ? form.Remove("cmd") : form.Set("cmd", cmd));

        Assert.Empty(await hub.TasksAsync());
    }

    [Theory]
    [MemberData(nameof(SampleCommands.Names), MemberType = typeof(SampleCommands))]
    public async Task A_providerId_with_a_tilde_is_invalid_parameters(string cmd)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();

        await ShouldBeInvalid(provider, ProviderForm.Of(SampleCommands.Of(cmd)).Set("providerId", "superchat~1"));
        await ShouldBeInvalid(provider, ProviderForm.Of(SampleCommands.Of(cmd)).Set("providerId", "~"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Attachments_that_do_not_pair_up_are_invalid_parameters_and_nothing_is_stored(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        ProviderForm Message() => ProviderForm.Of(TestData.Message());

        await ShouldBeInvalid(provider, Message().Add("attachments[name]", "a.png").Add("attachments[name]", "b.png").Add("attachments[url]", "https://files.example/a"));
        await ShouldBeInvalid(provider, Message().Add("attachments[url]", "https://files.example/a"));
        await ShouldBeInvalid(provider, Message().Add("attachments[0][name]", "a.png"));
        await ShouldBeInvalid(provider, Message().Add("attachments[0][name]", "a.png").Add("attachments[1][url]", "https://files.example/b"));
        await ShouldBeInvalid(provider, Message().Add("attachments[name]", "a.png").Add("attachments[url]", ""));

        Assert.Empty(await hub.TasksAsync());
        Assert.Empty(await hub.ContactsAsync());
        Assert.Empty(await hub.AllMessagesAsync());
    }

    [Fact]
    public async Task More_attachments_than_Hub_Inbound_MaxAttachments_are_invalid_parameters()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Inbound:MaxAttachments"] = "3");
        using var provider = hub.Provider();
        ProviderForm WithAttachments(int count)
        {
            var form = ProviderForm.Of(TestData.Message());
            for (var i = 0; i < count; i++)
            {
                form.Add("attachments[name]", $"{i}.png").Add("attachments[url]", $"https://files.example/{i}");
            }

            return form;
        }

        (await provider.CallAsync(WithAttachments(3))).ShouldBeOk();
        await ShouldBeInvalid(provider, WithAttachments(4));
        // The indexed form counts the same.
        await ShouldBeInvalid(provider, WithAttachments(2).Add("attachments[0][name]", "x").Add("attachments[0][url]", "https://x").Add("attachments[1][name]", "y").Add("attachments[1][url]", "https://y"));

        Assert.Single(await hub.AllMessagesAsync());
    }

    [Fact]
    public async Task Fifty_attachments_are_taken_by_default_and_fifty_one_are_not()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var attachments = Enumerable.Range(0, 51).Select(i => new Attachment($"{i}.png", $"https://files.example/{i}")).ToList();

        (await provider.CallAsync(TestData.Message() with { Attachments = attachments[..50] })).ShouldBeOk();
        await ShouldBeInvalid(provider, ProviderForm.Of(TestData.Message() with { Attachments = attachments }));

        Assert.Equal(50, Assert.Single(await hub.AllMessagesAsync()).Attachments.Count);
    }

    /// <summary>Each field with the longest value the hub takes (ProtocolLimits.Default).</summary>
    public static TheoryData<string, string, int> FieldLimits => new()
    {
        { HubCommandNames.NewMessage, "providerId", 255 },
        { HubCommandNames.NewMessage, "chatId", 255 },
        { HubCommandNames.NewMessage, "contactId", 255 },
        { HubCommandNames.NewMessage, "channel", 255 },
        { HubCommandNames.NewMessage, "title", 1024 },
        { HubCommandNames.NewMessage, "message", 65_536 },
        { HubCommandNames.NewMessage, "contactName", 255 },
        { HubCommandNames.NewMessage, "contactLastName", 255 },
        { HubCommandNames.NewMessage, "contactIco", 2048 },
        { HubCommandNames.NewMessage, "contactEmail", 255 },
        { HubCommandNames.NewMessage, "contactPhone", 255 },
        { HubCommandNames.NewMessage, "contactData", 16_384 },
        { HubCommandNames.NewMessage, "userEmail", 255 },
        { HubCommandNames.NewMessage, "data_utm_source", 16_384 },
        { HubCommandNames.NewMessage, "attachments[name]", 2048 },
        { HubCommandNames.NewMessage, "attachments[url]", 2048 },
        { HubCommandNames.GetTask, "chatId", 255 },
        { HubCommandNames.GetContact, "contactId", 255 },
        { HubCommandNames.UpdateContact, "contactName", 255 },
        { HubCommandNames.UpdateContact, "contactData", 16_384 },
        { HubCommandNames.MessageStatus, "messageId", 255 },
        { HubCommandNames.MessageStatus, "messageStatus", 255 },
        { HubCommandNames.MessageStatus, "messageStatusText", 16_384 },
    };

    [Theory]
    [MemberData(nameof(FieldLimits))]
    public async Task A_field_over_its_length_limit_is_invalid_parameters(string cmd, string field, int limit)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var form = ProviderForm.Of(SampleCommands.Of(cmd) is NewMessageCommand message
            ? message with { Attachments = [new("a.png", "https://files.example/a")], IsEcho = true, UserEmail = TestData.OwnerEmail }
            : SampleCommands.Of(cmd));

        await ShouldBeInvalid(provider, form.Set(field, new string('ж', limit + 1)));

        Assert.Empty(await hub.TasksAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Fields_exactly_at_their_limits_are_stored_whole(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        static string Long(int length, char c = 'ж') => new(c, length);

        (await provider.CallAsync(new NewMessageCommand(
            TestData.ProviderId,
            Long(255, 'ч'),
            Long(65_536),
            new ContactDetails(Long(255, 'к'), Long(255), Long(255), Long(2048), Long(255), Long(255), Long(16_384)),
            Channel: Long(255),
            Title: Long(1024),
            Attachments: [new(Long(2048), Long(2048))],
            TaskData: [new("utm_source", Long(16_384))]))).ShouldBeOk();

        var task = await hub.TaskAsync(1);
        Assert.Equal((1024, 16_384, 16_384), (task.Name.Length, task.AdditionalDescription!.Length, task.Fields.Single().Value.Length));
        var contact = await hub.ContactAsync(Long(255, 'к'));
        Assert.Equal([255, 255, 2048, 255, 255, 16_384], new[] { contact.Name, contact.LastName!, contact.Ico!, contact.Email!, contact.Phone!, contact.Data! }.Select(v => v.Length));
        var chat = await hub.ChatAsync(Long(255, 'ч'));
        Assert.Equal(255, chat.Channel!.Length);
        var message = Assert.Single(await hub.MessagesAsync(1));
        Assert.Equal((65_536, 2048, 2048), (message.Text.Length, message.Attachments[0].Name.Length, message.Attachments[0].Url.Length));
    }

    [Fact]
    public async Task A_message_over_Hub_Inbound_MaxMessageLength_is_invalid_parameters()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Inbound:MaxMessageLength"] = "100");
        using var provider = hub.Provider();

        (await provider.CallAsync(TestData.Message(text: new string('x', 100)))).ShouldBeOk();
        (await provider.CallAsync(TestData.Message(text: new string('x', 101)))).ShouldBeInvalidParameters();
    }

    [Fact]
    public async Task A_body_over_Hub_Inbound_MaxBodyBytes_gets_413_however_it_is_sent()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite, settings => settings["Hub:Inbound:MaxBodyBytes"] = "4096");
        using var provider = hub.Provider();
        var big = ProviderForm.Of(TestData.Message(text: new string('x', 5000)));

        (await provider.CallAsync(big)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, ProtocolErrors.TooLarge);
        (await provider.CallAsync(ProviderForm.Raw(Encoding.UTF8.GetBytes(big.Encode())), chunked: true)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, ProtocolErrors.TooLarge);
        (await provider.CallAsync(big.ToMultipart())).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, ProtocolErrors.TooLarge);
        (await provider.CallAsync(big.ToMultipart(), chunked: true)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge, ProtocolErrors.TooLarge);
        Assert.Equal(413, await RawHttp.PostAsync(hub.BaseAddress, [], $"Content-Type: {FormType}", "Content-Length: 2147483648"));

        // Just under the limit is fine.
        (await provider.CallAsync(TestData.Message(text: new string('x', 3500)))).ShouldBeOk();
        Assert.Single(await hub.AllMessagesAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded; charset=windows-1251")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-16")]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    public async Task A_body_that_is_not_a_form_is_invalid_parameters(string? contentType)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var body = Encoding.UTF8.GetBytes(ProviderForm.Of(TestData.Message()).Encode());

        (await provider.CallAsync(ProviderForm.Raw(body, contentType))).ShouldBeInvalidParameters();

        Assert.Empty(await hub.AllMessagesAsync());
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData("utf-8")]
    [InlineData(null)]
    public async Task A_form_with_or_without_a_utf8_charset_is_taken(string? charset)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var body = Encoding.UTF8.GetBytes(ProviderForm.Of(TestData.Message(text: "Здравствуйте")).Encode());

        (await provider.CallAsync(ProviderForm.Raw(body, charset is null ? FormType : $"{FormType}; charset={charset}"))).ShouldBeOk();

        Assert.Equal("Здравствуйте", Assert.Single(await hub.AllMessagesAsync()).Text);
    }

    [Theory]
    [InlineData("message=%ZZ")]
    [InlineData("message=50%")]
    [InlineData("message=%4")]
    [InlineData("message=%C3%28")]
    [InlineData("message=%ED%A0%80")]
    [InlineData("message=%FF%FE")]
    [InlineData("%=x")]
    [InlineData("=orphan")]
    public async Task Broken_percent_encoding_or_text_that_is_not_UTF8_is_invalid_parameters(string brokenField)
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();

        var body = ProviderForm.Of(TestData.Message()).Remove("message").Encode() + "&" + brokenField;
        (await provider.CallAsync(ProviderForm.Raw(Encoding.ASCII.GetBytes(body)))).ShouldBeInvalidParameters();

        Assert.Empty(await hub.AllMessagesAsync());
    }

    [Fact]
    public async Task Raw_bytes_that_are_not_UTF8_and_random_garbage_are_invalid_parameters()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        using var provider = hub.Provider();
        var form = Encoding.UTF8.GetBytes(ProviderForm.Of(TestData.Message()).Remove("message").Encode() + "&message=");
        var garbage = new byte[4096];
        new Random(20261125).NextBytes(garbage);

        // "Привет" in windows-1251, unescaped, as a misconfigured PHP site sends it.
        (await provider.CallAsync(ProviderForm.Raw([.. form, 0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]))).ShouldBeInvalidParameters();
        (await provider.CallAsync(ProviderForm.Raw(garbage))).ShouldBeInvalidParameters();
        (await provider.CallAsync(ProviderForm.Raw(garbage, "multipart/form-data; boundary=xyz"))).ShouldBeInvalidParameters();

        Assert.Empty(await hub.AllMessagesAsync());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Hostile_requests_never_get_a_server_error(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store);
        using var provider = hub.Provider();
        var valid = ProviderForm.Of(TestData.Message()).Encode();
        var keyed = $"cmd=newMessage&providerId={TestData.ProviderId}&planfix_token={TestData.Token}";
        var bodies = new (string Name, HttpContent Content)[]
        {
            ("empty", ProviderForm.Raw([])),
            ("only separators", ProviderForm.Raw("&&&&=&="u8.ToArray())),
            ("a NUL byte", ProviderForm.Raw(Encoding.UTF8.GetBytes(valid + "&message=a%00b"))),
            ("100k empty fields", ProviderForm.Raw(Encoding.ASCII.GetBytes(keyed + string.Concat(Enumerable.Repeat("&a", 100_000))))),
            ("a 900 kB key", ProviderForm.Raw(Encoding.ASCII.GetBytes(keyed + "&" + new string('k', 900_000) + "=v"))),
            ("500 data_ fields", ProviderForm.Raw(Encoding.ASCII.GetBytes(valid + string.Concat(Enumerable.Range(0, 500).Select(i => $"&data_f{i}=v"))))),
            ("an attachment index past int", ProviderForm.Raw(Encoding.ASCII.GetBytes(valid + "&attachments[99999999999][name]=a&attachments[99999999999][url]=b"))),
            ("repeated required fields", ProviderForm.Raw(Encoding.ASCII.GetBytes(valid + "&chatId=&chatId=x&cmd=getTask"))),
            ("a JSON body", ProviderForm.Raw("""{"cmd":"newMessage"}"""u8.ToArray(), "application/json")),
            ("a gzip body", ProviderForm.Raw([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF])),
            ("a multipart part of a file", Multipart(("cmd", "newMessage"), ("planfix_token", TestData.Token), ("file", null))),
            ("a multipart body cut short", ProviderForm.Raw("--b\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nnewMes"u8.ToArray(), "multipart/form-data; boundary=b")),
            ("a multipart boundary of 200 characters", ProviderForm.Raw("--x"u8.ToArray(), "multipart/form-data; boundary=" + new string('b', 200))),
            ("a Content-Type that does not parse", ProviderForm.Raw(Encoding.ASCII.GetBytes(valid), "form/;;;=")),
        };

        var answers = new List<(string Name, int? Status)>();
        foreach (var (name, content) in bodies)
        {
            using (content)
            {
                answers.Add((name, (int)(await provider.CallAsync(content)).Status));
            }
        }

        answers.Add(("broken chunks", await RawHttp.PostAsync(hub.BaseAddress, "zz\r\nabc\r\n0\r\n\r\n"u8.ToArray(), $"Content-Type: {FormType}", Chunked)));
        answers.Add(("a chunk longer than it says", await RawHttp.PostAsync(hub.BaseAddress, "3\r\ncmd=newMessage\r\n0\r\n\r\n"u8.ToArray(), $"Content-Type: {FormType}", Chunked)));
        answers.Add(("broken chunks of a multipart body", await RawHttp.PostAsync(hub.BaseAddress, "zz\r\n--b\r\n"u8.ToArray(), "Content-Type: multipart/form-data; boundary=b", Chunked)));

        Assert.All(answers, answer => Assert.True(answer.Status < 500, $"{answer.Name} got {answer.Status}"));
        // The hub is still well after all of that.
        (await provider.CallAsync(TestData.Message())).ShouldBeOk();
    }

    [Fact]
    public async Task A_body_that_stops_short_of_its_Content_Length_gets_a_protocol_error_once_the_server_gives_up_waiting()
    {
        await using var hub = await HubHost.StartAsync(StoreKind.Sqlite);
        var valid = Encoding.ASCII.GetBytes(ProviderForm.Of(TestData.Message()).Encode());

        // Kestrel waits for the rest of the body for a few seconds (its minimum data rate), then gives up.
        var status = await RawHttp.PostAsync(hub.BaseAddress, valid, $"Content-Type: {FormType}", $"Content-Length: {valid.Length + 100}");

        Assert.True(status is >= 400 and < 500, $"got {status}");
        Assert.Empty(await hub.AllMessagesAsync());
    }

    private static MultipartFormDataContent Multipart(params (string Key, string? Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            if (value is null)
            {
                content.Add(new ByteArrayContent([0, 1, 2, 3]), key, "file.bin");
            }
            else
            {
                content.Add(new StringContent(value), key);
            }
        }

        return content;
    }
}
