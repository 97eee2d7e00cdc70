namespace Webchat.Protocol.Tests;

public sealed class HubCommandCodecTests
{
    private static T Decodes<T>(FormFields form, ProtocolLimits? limits = null)
        where T : HubCommand
    {
        var decoded = HubCommandCodec.TryDecode(form, limits ?? ProtocolLimits.Default, out var command, out var reason);
        Assert.True(decoded, $"the command was refused: {reason}");
        Assert.Null(reason);
        return Assert.IsType<T>(command, exactMatch: false);
    }

    private static string Refuses(FormFields form, ProtocolLimits? limits = null)
    {
        var decoded = HubCommandCodec.TryDecode(form, limits ?? ProtocolLimits.Default, out var command, out var reason);
        Assert.False(decoded, $"the command was accepted as {command}");
        Assert.Null(command);
        Assert.False(string.IsNullOrEmpty(reason));
        return reason;
    }

    private static FormFields Sample(string cmd) => Forms.FromSample(SpecSamples.For(cmd));

    private static string Repeat(int length) => new('x', length);

    // ---- The document's sample requests ----

    [Fact]
    public void TheSpecNewMessageSampleDecodesWithEveryField()
    {
        var message = Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage));

        Assert.Equal(HubCommandNames.NewMessage, message.Name);
        Assert.Equal("superchat", message.ProviderId);
        Assert.Equal("EFHASFN1239351", message.ChatId);
        Assert.Equal("Здравствуйте, есть вопрос", message.Message);
        Assert.Equal(
            new ContactDetails(
                "57487124",
                Name: "Иван",
                LastName: "Иванов",
                Ico: "https://superchat.io/avatars/183712.png",
                Email: "ivan@ivanov.com",
                Phone: "79051234567",
                Data: "пришёл по запросу газовые котлы"),
            message.Contact);
        Assert.Equal(
            [new Attachment("фото1.jpg", "https://superchat.io/files/5444.jpg"), new Attachment("фото2.jpg", "https://superchat.io/files/5445.jpg")],
            message.Attachments);
        Assert.Null(message.Channel);
        Assert.Null(message.Title);
        Assert.False(message.IsEcho);
        Assert.Null(message.UserEmail);
        Assert.Empty(message.TaskData);
    }

    [Fact]
    public void TheSpecNewMessageSampleDecodesFromAHandWrittenPercentEncodedBody()
    {
        var form = Forms.Parse(
            "cmd=newMessage&providerId=superchat&chatId=EFHASFN1239351&planfix_token=303cb962ac59075b964b07152d234b70"
            + "&message=%D0%97%D0%B4%D1%80%D0%B0%D0%B2%D1%81%D1%82%D0%B2%D1%83%D0%B9%D1%82%D0%B5%2C%20%D0%B5%D1%81%D1%82%D1%8C+%D0%B2%D0%BE%D0%BF%D1%80%D0%BE%D1%81"
            + "&contactId=57487124&contactName=%D0%98%D0%B2%D0%B0%D0%BD"
            + "&attachments%5Bname%5D=%D1%84%D0%BE%D1%82%D0%BE1.jpg&attachments%5Burl%5D=https%3A%2F%2Fsuperchat.io%2Ffiles%2F5444.jpg"
            + "&attachments[name]=%D1%84%D0%BE%D1%82%D0%BE2.jpg&attachments[url]=https://superchat.io/files/5445.jpg");

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal("Здравствуйте, есть вопрос", message.Message);
        Assert.Equal("Иван", message.Contact.Name);
        Assert.Equal(
            [new Attachment("фото1.jpg", "https://superchat.io/files/5444.jpg"), new Attachment("фото2.jpg", "https://superchat.io/files/5445.jpg")],
            message.Attachments);
        Assert.Equal("303cb962ac59075b964b07152d234b70", HubCommandCodec.ReadToken(form));
    }

    [Fact]
    public void TheSpecGetTaskSampleDecodes()
    {
        var command = Decodes<GetTaskCommand>(Sample(HubCommandNames.GetTask));

        Assert.Equal(new GetTaskCommand("superchat", "EFHASFN1239351"), command);
        Assert.Equal(HubCommandNames.GetTask, command.Name);
    }

    [Fact]
    public void TheSpecGetContactSampleDecodes()
    {
        var command = Decodes<GetContactCommand>(Sample(HubCommandNames.GetContact));

        Assert.Equal(new GetContactCommand("superchat", "57487124"), command);
        Assert.Equal(HubCommandNames.GetContact, command.Name);
    }

    [Fact]
    public void TheSpecUpdateContactSampleDecodesWithEveryField()
    {
        var command = Decodes<UpdateContactCommand>(Sample(HubCommandNames.UpdateContact));

        Assert.Equal(
            new UpdateContactCommand(
                "superchat",
                new ContactDetails(
                    "57487124",
                    Name: "Пётр",
                    LastName: "Петров",
                    Ico: "https://superchat.io/avatars/183712.png",
                    Email: "petr@petrov.com",
                    Phone: "79051234567",
                    Data: "пришёл по запросу газовые котлы")),
            command);
        Assert.Equal(HubCommandNames.UpdateContact, command.Name);
    }

    [Fact]
    public void TheSpecMessageStatusSampleDecodes()
    {
        var command = Decodes<MessageStatusCommand>(Sample(HubCommandNames.MessageStatus));

        Assert.Equal(new MessageStatusCommand("superchat", "4188849", "read"), command);
        Assert.Equal(DeliveryStatus.Read, command.NormalizedStatus);
        Assert.Equal(HubCommandNames.MessageStatus, command.Name);
    }

    [Theory]
    [InlineData(HubCommandNames.NewMessage)]
    [InlineData(HubCommandNames.GetTask)]
    [InlineData(HubCommandNames.GetContact)]
    [InlineData(HubCommandNames.UpdateContact)]
    [InlineData(HubCommandNames.MessageStatus)]
    public void EverySpecSampleCarriesItsTokenInPlanfixToken(string cmd)
    {
        Assert.Equal("303cb962ac59075b964b07152d234b70", HubCommandCodec.ReadToken(Sample(cmd)));
    }

    // ---- Every field of each command ----

    [Fact]
    public void ANewMessageDecodesEveryOptionalField()
    {
        var form = Sample(HubCommandNames.NewMessage).Plus(
            ("channel", "telegram-2"),
            ("title", "Вопрос с сайта"),
            ("isEcho", "true"),
            ("userEmail", "manager@example.com"),
            ("data_utm_source", "yandex"),
            ("data_utm_medium", "cpc"));

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal("telegram-2", message.Channel);
        Assert.Equal("Вопрос с сайта", message.Title);
        Assert.True(message.IsEcho);
        Assert.Equal("manager@example.com", message.UserEmail);
        Assert.Equal([new("utm_source", "yandex"), new("utm_medium", "cpc")], message.TaskData);
    }

    [Fact]
    public void AMessageStatusDecodesItsStatusText()
    {
        var form = Sample(HubCommandNames.MessageStatus).With("messageStatus", "error").Plus(("messageStatusText", "Пользователь заблокировал бота"));

        var command = Decodes<MessageStatusCommand>(form);

        Assert.Equal(new MessageStatusCommand("superchat", "4188849", "error", "Пользователь заблокировал бота"), command);
    }

    [Fact]
    public void UnknownFieldsAreIgnored()
    {
        var form = Sample(HubCommandNames.GetTask).Plus(("integration", "site-widget"), ("foo[bar]", "baz"));

        var command = Decodes<GetTaskCommand>(form);

        Assert.Equal(new GetTaskCommand("superchat", "EFHASFN1239351"), command);
    }

    [Fact]
    public void OptionalFieldsSentEmptyCountAsNotSent()
    {
        var form = Sample(HubCommandNames.UpdateContact).With("contactEmail", string.Empty).With("contactLastName", string.Empty);

        var command = Decodes<UpdateContactCommand>(form);

        Assert.Null(command.Contact.Email);
        Assert.Null(command.Contact.LastName);
        Assert.Equal("Пётр", command.Contact.Name);
    }

    // ---- Required fields ----

    [Theory]
    [InlineData(HubCommandNames.NewMessage, "providerId")]
    [InlineData(HubCommandNames.NewMessage, "chatId")]
    [InlineData(HubCommandNames.NewMessage, "contactId")]
    [InlineData(HubCommandNames.GetTask, "providerId")]
    [InlineData(HubCommandNames.GetTask, "chatId")]
    [InlineData(HubCommandNames.GetContact, "providerId")]
    [InlineData(HubCommandNames.GetContact, "contactId")]
    [InlineData(HubCommandNames.UpdateContact, "providerId")]
    [InlineData(HubCommandNames.UpdateContact, "contactId")]
    [InlineData(HubCommandNames.UpdateContact, "contactName")]
    [InlineData(HubCommandNames.MessageStatus, "providerId")]
    [InlineData(HubCommandNames.MessageStatus, "messageId")]
    [InlineData(HubCommandNames.MessageStatus, "messageStatus")]
    public void ACommandWithoutARequiredFieldIsRefused(string cmd, string field)
    {
        var reason = Refuses(Sample(cmd).Without(field));

        Assert.Contains(field, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HubCommandNames.NewMessage, "chatId")]
    [InlineData(HubCommandNames.GetContact, "contactId")]
    [InlineData(HubCommandNames.UpdateContact, "contactName")]
    [InlineData(HubCommandNames.MessageStatus, "messageId")]
    public void ARequiredFieldSentEmptyCountsAsMissing(string cmd, string field)
    {
        var reason = Refuses(Sample(cmd).With(field, string.Empty));

        Assert.Contains(field, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewMessageWithoutContactNameIsAccepted()
    {
        var form = Forms.Of(
            ("cmd", "newMessage"),
            ("providerId", "leadform"),
            ("planfix_token", "t"),
            ("chatId", "lead-1"),
            ("contactId", "c-1"),
            ("title", "Заявка с сайта"),
            ("message", "Перезвоните мне"));

        var message = Decodes<NewMessageCommand>(form);

        Assert.Null(message.Contact.Name);
        Assert.Equal("c-1", message.Contact.ContactId);
        Assert.Equal("Заявка с сайта", message.Title);
        Assert.Equal("Перезвоните мне", message.Message);
    }

    [Fact]
    public void ANewMessageWithNeitherTextNorAttachmentIsRefused()
    {
        Refuses(Sample(HubCommandNames.NewMessage).Without("message").Without("attachments[name]").Without("attachments[url]"));
    }

    [Fact]
    public void ANewMessageWithEmptyTextAndNoAttachmentIsRefused()
    {
        Refuses(Sample(HubCommandNames.NewMessage).With("message", string.Empty).Without("attachments[name]").Without("attachments[url]"));
    }

    [Fact]
    public void ANewMessageWithOnlyAnAttachmentIsAcceptedWithEmptyText()
    {
        var message = Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage).Without("message"));

        Assert.Equal(string.Empty, message.Message);
        Assert.Equal(2, message.Attachments.Count);
    }

    // ---- cmd and providerId ----

    [Theory]
    [InlineData("sendMessage")]
    [InlineData("")]
    [InlineData("NEWMESSAGE")]
    [InlineData("getTask ")]
    public void AnUnknownCmdIsRefused(string cmd)
    {
        var reason = Refuses(Sample(HubCommandNames.GetTask).With("cmd", cmd));

        Assert.Contains("cmd", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormWithoutCmdIsRefused()
    {
        var reason = Refuses(Sample(HubCommandNames.GetTask).Without("cmd"));

        Assert.Contains("cmd", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HubCommandNames.NewMessage, "super~chat")]
    [InlineData(HubCommandNames.GetTask, "~")]
    [InlineData(HubCommandNames.GetContact, "superchat~")]
    [InlineData(HubCommandNames.UpdateContact, "~superchat")]
    [InlineData(HubCommandNames.MessageStatus, "a~b~c")]
    public void AProviderIdContainingATildeIsRefused(string cmd, string providerId)
    {
        var reason = Refuses(Sample(cmd).With("providerId", providerId));

        Assert.Contains("providerId", reason, StringComparison.Ordinal);
    }

    // ---- Attachments ----

    [Fact]
    public void MoreAttachmentNamesThanUrlsAreRefused()
    {
        var reason = Refuses(Sample(HubCommandNames.NewMessage).Plus(("attachments[name]", "фото3.jpg")));

        Assert.Contains("attachments", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreAttachmentUrlsThanNamesAreRefused()
    {
        var reason = Refuses(Sample(HubCommandNames.NewMessage).Plus(("attachments[url]", "https://superchat.io/files/5446.jpg")));

        Assert.Contains("attachments", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AttachmentsPairByPositionWhenAllNamesComeBeforeAllUrls()
    {
        // Go's url.Values.Encode sorts keys, so every name arrives before every url.
        var form = Forms.Parse(
            "attachments%5Bname%5D=a.jpg&attachments%5Bname%5D=b.pdf&attachments%5Bname%5D=c.png"
            + "&attachments%5Burl%5D=https%3A%2F%2Fx.io%2Fa&attachments%5Burl%5D=https%3A%2F%2Fx.io%2Fb&attachments%5Burl%5D=https%3A%2F%2Fx.io%2Fc"
            + "&chatId=1&cmd=newMessage&contactId=2&planfix_token=t&providerId=go");

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal(
            [new Attachment("a.jpg", "https://x.io/a"), new Attachment("b.pdf", "https://x.io/b"), new Attachment("c.png", "https://x.io/c")],
            message.Attachments);
    }

    [Fact]
    public void AttachmentsPairByPositionWhenUrlsComeBeforeNames()
    {
        var form = Forms.FromSample("""
            cmd=newMessage
            providerId=p
            chatId=1
            contactId=2
            attachments[url]=https://x.io/a
            attachments[url]=https://x.io/b
            attachments[name]=a.jpg
            attachments[name]=b.jpg
            """);

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal([new Attachment("a.jpg", "https://x.io/a"), new Attachment("b.jpg", "https://x.io/b")], message.Attachments);
    }

    [Fact]
    public void PhpIndexedAttachmentsAreRead()
    {
        var form = Forms.Parse(
            "cmd=newMessage&providerId=php&planfix_token=t&chatId=1&contactId=2"
            + "&attachments%5B0%5D%5Bname%5D=%D1%84%D0%BE%D1%82%D0%BE1.jpg&attachments%5B0%5D%5Burl%5D=https%3A%2F%2Fx.io%2F1"
            + "&attachments%5B1%5D%5Bname%5D=%D1%84%D0%BE%D1%82%D0%BE2.jpg&attachments%5B1%5D%5Burl%5D=https%3A%2F%2Fx.io%2F2");

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal([new Attachment("фото1.jpg", "https://x.io/1"), new Attachment("фото2.jpg", "https://x.io/2")], message.Attachments);
        Assert.Equal(string.Empty, message.Message);
    }

    [Fact]
    public void PhpIndexedAttachmentsFollowTheirIndexNotTheirArrivalOrder()
    {
        var form = Forms.Of(
            ("cmd", "newMessage"), ("providerId", "php"), ("chatId", "1"), ("contactId", "2"), ("message", "files"),
            ("attachments[1][url]", "https://x.io/2"),
            ("attachments[0][name]", "first.jpg"),
            ("attachments[1][name]", "second.jpg"),
            ("attachments[0][url]", "https://x.io/1"));

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal([new Attachment("first.jpg", "https://x.io/1"), new Attachment("second.jpg", "https://x.io/2")], message.Attachments);
    }

    [Fact]
    public void APhpIndexedAttachmentWithoutItsUrlIsRefused()
    {
        var form = Forms.Of(
            ("cmd", "newMessage"), ("providerId", "php"), ("chatId", "1"), ("contactId", "2"), ("message", "files"),
            ("attachments[0][name]", "first.jpg"), ("attachments[0][url]", "https://x.io/1"),
            ("attachments[1][name]", "second.jpg"));

        Refuses(form);
    }

    [Fact]
    public void AnAttachmentWithAnEmptyUrlIsRefused()
    {
        var form = Sample(HubCommandNames.NewMessage).Without("attachments[url]").Without("attachments[name]")
            .Plus(("attachments[name]", "a.jpg"), ("attachments[url]", string.Empty));

        Refuses(form);
    }

    [Fact]
    public void ReadAttachmentsFindsNoneInAFormWithoutThem()
    {
        var attachments = HubCommandCodec.ReadAttachments(Sample(HubCommandNames.GetTask));

        Assert.NotNull(attachments);
        Assert.Empty(attachments);
    }

    [Fact]
    public void ReadAttachmentsAnswersNullWhenNamesAndUrlsDoNotPairUp()
    {
        var form = Forms.Of(("attachments[name]", "a"), ("attachments[name]", "b"), ("attachments[url]", "u"));

        Assert.Null(HubCommandCodec.ReadAttachments(form));
    }

    // ---- isEcho ----

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("1")]
    [InlineData("on")]
    [InlineData("yes")]
    public void AnIsEchoThatProvidersUseForTrueMarksTheMessageAsAnEcho(string value)
    {
        var message = Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage).Plus(("isEcho", value), ("userEmail", "m@example.com")));

        Assert.True(message.IsEcho);
        Assert.Equal("m@example.com", message.UserEmail);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("0")]
    [InlineData("off")]
    [InlineData("")]
    [InlineData("2")]
    public void AnyOtherIsEchoLeavesTheMessageIncoming(string value)
    {
        var message = Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage).Plus(("isEcho", value)));

        Assert.False(message.IsEcho);
    }

    [Fact]
    public void AMessageWithoutIsEchoIsIncoming()
    {
        var message = Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage));

        Assert.False(message.IsEcho);
    }

    // ---- data_ fields ----

    [Fact]
    public void DataFieldsAreCollectedInOrderWithoutTheirPrefix()
    {
        var form = Sample(HubCommandNames.NewMessage).Plus(
            ("data_utm_source", "yandex"),
            ("integration", "widget"),
            ("data_Город", "Москва"),
            ("data_", "nameless"),
            ("Data_upper", "not a data field"),
            ("data_empty", string.Empty));

        var message = Decodes<NewMessageCommand>(form);

        Assert.Equal([new("utm_source", "yandex"), new("Город", "Москва"), new("empty", string.Empty)], message.TaskData);
    }

    [Fact]
    public void TooManyDataFieldsAreRefused()
    {
        var limits = ProtocolLimits.Default;
        var atLimit = Sample(HubCommandNames.NewMessage).Plus([.. Enumerable.Range(0, limits.MaxTaskDataFields).Select(i => ($"data_f{i}", "v"))]);

        Assert.Equal(limits.MaxTaskDataFields, Decodes<NewMessageCommand>(atLimit).TaskData.Count);
        Refuses(atLimit.Plus(("data_one_more", "v")));
    }

    // ---- Limits ----

    [Theory]
    [InlineData(HubCommandNames.NewMessage, "providerId")]
    [InlineData(HubCommandNames.NewMessage, "chatId")]
    [InlineData(HubCommandNames.NewMessage, "contactId")]
    [InlineData(HubCommandNames.NewMessage, "channel")]
    [InlineData(HubCommandNames.GetTask, "chatId")]
    [InlineData(HubCommandNames.GetContact, "contactId")]
    [InlineData(HubCommandNames.MessageStatus, "messageId")]
    public void AnIdentifierLongerThanTheLimitIsRefused(string cmd, string field)
    {
        var limit = ProtocolLimits.Default.MaxIdLength;

        Decodes<HubCommand>(Sample(cmd).With(field, Repeat(limit)));
        var reason = Refuses(Sample(cmd).With(field, Repeat(limit + 1)));

        Assert.Contains(field, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HubCommandNames.NewMessage, "contactName")]
    [InlineData(HubCommandNames.NewMessage, "contactLastName")]
    [InlineData(HubCommandNames.NewMessage, "contactEmail")]
    [InlineData(HubCommandNames.NewMessage, "contactPhone")]
    [InlineData(HubCommandNames.NewMessage, "userEmail")]
    [InlineData(HubCommandNames.UpdateContact, "contactName")]
    [InlineData(HubCommandNames.MessageStatus, "messageStatus")]
    public void ANameLongerThanTheLimitIsRefused(string cmd, string field)
    {
        var limit = ProtocolLimits.Default.MaxNameLength;

        Decodes<HubCommand>(Sample(cmd).With(field, Repeat(limit)));
        var reason = Refuses(Sample(cmd).With(field, Repeat(limit + 1)));

        Assert.Contains(field, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMessageLongerThanTheLimitIsRefused()
    {
        var limit = ProtocolLimits.Default.MaxMessageLength;

        Assert.Equal(limit, Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage).With("message", Repeat(limit))).Message.Length);
        Refuses(Sample(HubCommandNames.NewMessage).With("message", Repeat(limit + 1)));
    }

    [Fact]
    public void ATitleLongerThanTheLimitIsRefused()
    {
        var limit = ProtocolLimits.Default.MaxTitleLength;

        Decodes<NewMessageCommand>(Sample(HubCommandNames.NewMessage).With("title", Repeat(limit)));
        Refuses(Sample(HubCommandNames.NewMessage).With("title", Repeat(limit + 1)));
    }

    [Theory]
    [InlineData(HubCommandNames.NewMessage, "contactData")]
    [InlineData(HubCommandNames.UpdateContact, "contactData")]
    [InlineData(HubCommandNames.NewMessage, "data_utm_source")]
    [InlineData(HubCommandNames.MessageStatus, "messageStatusText")]
    public void AFreeTextFieldLongerThanTheLimitIsRefused(string cmd, string field)
    {
        var limit = ProtocolLimits.Default.MaxTextLength;

        Decodes<HubCommand>(Sample(cmd).With(field, Repeat(limit)));
        Refuses(Sample(cmd).With(field, Repeat(limit + 1)));
    }

    [Theory]
    [InlineData("contactIco")]
    [InlineData("attachments[url]")]
    [InlineData("attachments[name]")]
    public void AUrlLongerThanTheLimitIsRefused(string field)
    {
        var limit = ProtocolLimits.Default.MaxUrlLength;
        var form = Sample(HubCommandNames.NewMessage).Without("attachments[name]").Without("attachments[url]")
            .Plus(("attachments[name]", "a.jpg"), ("attachments[url]", "https://x.io/a"));

        Decodes<NewMessageCommand>(form.With(field, Repeat(limit)));
        Refuses(form.With(field, Repeat(limit + 1)));
    }

    [Fact]
    public void TooManyAttachmentsAreRefused()
    {
        var limit = ProtocolLimits.Default.MaxAttachments;
        var atLimit = Sample(HubCommandNames.NewMessage).Without("attachments[name]").Without("attachments[url]")
            .Plus([.. Enumerable.Range(0, limit).SelectMany(i => new[] { ("attachments[name]", $"{i}.jpg"), ("attachments[url]", $"https://x.io/{i}") })]);

        Assert.Equal(limit, Decodes<NewMessageCommand>(atLimit).Attachments.Count);
        var reason = Refuses(atLimit.Plus(("attachments[name]", "extra.jpg"), ("attachments[url]", "https://x.io/extra")));

        Assert.Contains("attachments", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyPhpIndexedAttachmentsAreRefused()
    {
        var limit = ProtocolLimits.Default.MaxAttachments;
        var form = Sample(HubCommandNames.NewMessage).Without("attachments[name]").Without("attachments[url]")
            .Plus([.. Enumerable.Range(0, limit + 1).SelectMany(i => new[] { ($"attachments[{i}][name]", $"{i}.jpg"), ($"attachments[{i}][url]", $"https://x.io/{i}") })]);

        Refuses(form);
    }

    [Fact]
    public void CustomLimitsAreHonoured()
    {
        // "superchat", the samples' providerId, is 9 characters long.
        var limits = ProtocolLimits.Default with { MaxIdLength = 9, MaxAttachments = 1 };

        Decodes<GetTaskCommand>(Sample(HubCommandNames.GetTask).With("chatId", "123456789"), limits);
        Refuses(Sample(HubCommandNames.GetTask).With("chatId", "1234567890"), limits);
        Refuses(Sample(HubCommandNames.NewMessage).With("chatId", "1"), limits);
    }

    // ---- Tokens ----

    [Fact]
    public void TheTokenIsReadFromPlanfixToken()
    {
        Assert.Equal("secret", HubCommandCodec.ReadToken(Forms.Of(("cmd", "getTask"), ("planfix_token", "secret"))));
    }

    [Fact]
    public void TheTokenFallsBackToTheTokenField()
    {
        Assert.Equal("secret", HubCommandCodec.ReadToken(Forms.Of(("cmd", "getTask"), ("token", "secret"))));
    }

    [Fact]
    public void PlanfixTokenWinsOverTheTokenField()
    {
        Assert.Equal("right", HubCommandCodec.ReadToken(Forms.Of(("token", "wrong"), ("planfix_token", "right"))));
    }

    [Fact]
    public void AnEmptyPlanfixTokenFallsBackToTheTokenField()
    {
        Assert.Equal("secret", HubCommandCodec.ReadToken(Forms.Of(("planfix_token", string.Empty), ("token", "secret"))));
    }

    [Theory]
    [InlineData("cmd=getTask&chatId=1")]
    [InlineData("planfix_token=&token=")]
    [InlineData("Planfix_Token=secret&TOKEN=secret")]
    public void AFormWithoutAKeyHasNoToken(string body)
    {
        Assert.Null(HubCommandCodec.ReadToken(Forms.Parse(body)));
    }

    // ---- Encode → TryDecode ----

    private static HubCommand ThroughTheWire(HubCommand command, string token = "303cb962ac59075b964b07152d234b70")
    {
        var form = Forms.Parse(HubCommandCodec.Encode(command, token).Encode());
        Assert.Equal(token, HubCommandCodec.ReadToken(form));
        Assert.Equal(token, form[HubCommandCodec.TokenField]);
        return Decodes<HubCommand>(form);
    }

    [Fact]
    public void AFullNewMessageSurvivesEncodeAndDecode()
    {
        var original = new NewMessageCommand(
            "superchat",
            "EFHASFN1239351",
            "Здравствуйте, есть вопрос & 100% + ответ\nвторая строка",
            new ContactDetails("57487124", "Иван", "Иванов", "https://superchat.io/avatars/183712.png?s=1&t=2", "ivan@ivanov.com", "+79051234567", "пришёл по запросу газовые котлы"),
            Channel: "site",
            Title: "Газовые котлы",
            Attachments: [new Attachment("фото 1.jpg", "https://superchat.io/files/5444.jpg"), new Attachment("фото2.jpg", "https://superchat.io/files/5445.jpg?x=y")],
            IsEcho: true,
            UserEmail: "manager@example.com",
            TaskData: [new("utm_source", "yandex"), new("Город", "Москва")]);

        var decoded = Assert.IsType<NewMessageCommand>(ThroughTheWire(original));

        Assert.Equivalent(original, decoded, strict: true);
    }

    [Fact]
    public void AMinimalNewMessageSurvivesEncodeAndDecode()
    {
        var original = new NewMessageCommand("leadform", "lead-1", "Перезвоните", new ContactDetails("c-1"));

        var decoded = Assert.IsType<NewMessageCommand>(ThroughTheWire(original));

        Assert.Equivalent(original, decoded, strict: true);
        Assert.Null(decoded.Contact.Name);
    }

    [Fact]
    public void AnAttachmentOnlyNewMessageSurvivesEncodeAndDecode()
    {
        var original = new NewMessageCommand("p", "chat", string.Empty, new ContactDetails("c", "Имя"), Attachments: [new Attachment("doc.pdf", "https://x.io/doc.pdf")]);

        var decoded = Assert.IsType<NewMessageCommand>(ThroughTheWire(original));

        Assert.Equivalent(original, decoded, strict: true);
    }

    [Fact]
    public void AGetTaskSurvivesEncodeAndDecode()
    {
        var original = new GetTaskCommand("superchat", "EFHASFN 1239351/Ё");

        Assert.Equal(original, ThroughTheWire(original));
    }

    [Fact]
    public void AGetContactSurvivesEncodeAndDecode()
    {
        var original = new GetContactCommand("superchat", "57487124+1");

        Assert.Equal(original, ThroughTheWire(original));
    }

    [Fact]
    public void AnUpdateContactSurvivesEncodeAndDecode()
    {
        var original = new UpdateContactCommand("superchat", new ContactDetails("57487124", "Пётр", "Петров", "https://superchat.io/a.png", "petr@petrov.com", "79051234567", "строка 1\nстрока 2"));

        Assert.Equal(original, ThroughTheWire(original));
    }

    [Fact]
    public void AnUpdateContactWithOnlyANameSurvivesEncodeAndDecode()
    {
        var original = new UpdateContactCommand("superchat", new ContactDetails("57487124", "Пётр"));

        Assert.Equal(original, ThroughTheWire(original));
    }

    [Fact]
    public void AMessageStatusSurvivesEncodeAndDecode()
    {
        var original = new MessageStatusCommand("superchat", "4188849", "error", "Бот заблокирован");

        Assert.Equal(original, ThroughTheWire(original));
    }

    [Fact]
    public void AMessageStatusWithoutTextSurvivesEncodeAndDecode()
    {
        var original = new MessageStatusCommand("superchat", "4188849", "read");

        Assert.Equal(original, ThroughTheWire(original));
    }

    [Fact]
    public void EncodingWritesTheCommandNameProviderAndTokenFirst()
    {
        var form = HubCommandCodec.Encode(new GetTaskCommand("superchat", "EFHASFN1239351"), "303cb962ac59075b964b07152d234b70");

        Assert.Equal(
            "cmd=getTask&providerId=superchat&planfix_token=303cb962ac59075b964b07152d234b70&chatId=EFHASFN1239351",
            form.Encode());
    }

    // ---- Reasons ----

    [Fact]
    public void TheReasonForUnpairedAttachmentsNamesTheAttachments()
    {
        var reason = Refuses(Sample(HubCommandNames.NewMessage).Plus(("attachments[name]", "lonely.jpg")));

        Assert.DoesNotContain("unknown cmd", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheReasonForTooManyAttachmentsNamesTheLimit()
    {
        var limits = ProtocolLimits.Default with { MaxAttachments = 1 };

        var reason = Refuses(Sample(HubCommandNames.NewMessage), limits);

        Assert.Contains("more than 1 attachments", reason, StringComparison.Ordinal);
    }
}
