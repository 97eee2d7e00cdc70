namespace Webchat.Protocol.Tests;

public sealed class ProviderMessageTests
{
    private static ProviderMessage ThroughTheWire(ProviderMessage message)
    {
        var received = ProviderMessage.FromForm(Forms.Parse(message.ToForm().Encode()));
        Assert.NotNull(received);
        return received;
    }

    private static readonly ProviderMessage Reply = new(
        ProviderId: "superchat",
        Token: "202cb962ac59075b964b07152d234b70",
        Message: "Здравствуйте, что вас интересует?",
        MessageId: "4188849",
        ChatId: "EFHASFN1239351",
        Channel: "site",
        ContactPhone: "79051234567",
        UserName: "Петр",
        UserLastName: "Петров",
        UserIco: "https://account.planfix.ru/?action=getuserpic&id=77",
        TaskEmail: "task+1014@example.planfix.ru",
        Attachments: [new Attachment("файл1.doc", "https://account.planfix.ru/file/aadkapdoa5456454"), new Attachment("файл2.doc", "https://account.planfix.ru/file/aadkapdoa5456455")]);

    [Fact]
    public void AReplyInAChatSurvivesToFormAndFromForm()
    {
        var received = ThroughTheWire(Reply);

        Assert.Equivalent(Reply, received, strict: true);
        Assert.False(received.IsFirstMessage);
    }

    [Fact]
    public void AMinimalReplySurvivesToFormAndFromForm()
    {
        var reply = new ProviderMessage("superchat", "key", "Ок", "1", ChatId: "chat-1");

        var received = ThroughTheWire(reply);

        Assert.Equivalent(reply, received, strict: true);
        Assert.Empty(received.Attachments);
    }

    [Fact]
    public void AFirstMessageWithoutAChatSurvivesWithItsPhone()
    {
        var first = Reply with { ChatId = null, ContactPhone = "71234567890" };

        var received = ThroughTheWire(first);

        Assert.Equivalent(first, received, strict: true);
        Assert.True(received.IsFirstMessage);
        Assert.Null(received.ChatId);
        Assert.Equal("71234567890", received.ContactPhone);
    }

    [Fact]
    public void AFirstMessageWithoutAPhoneIsNotReadable()
    {
        var form = (Reply with { ChatId = null, ContactPhone = null }).ToForm();

        Assert.Null(ProviderMessage.FromForm(form));
    }

    [Fact]
    public void TheFormCarriesTheProvidersKeyInTokenNotPlanfixToken()
    {
        var form = Reply.ToForm();

        Assert.Equal("202cb962ac59075b964b07152d234b70", form["token"]);
        Assert.Null(form[HubCommandCodec.TokenField]);
        Assert.Equal(HubCommandNames.NewMessage, form["cmd"]);
    }

    [Fact]
    public void AFirstMessageFormHasNoChatIdField()
    {
        var form = (Reply with { ChatId = null }).ToForm();

        Assert.Null(form["chatId"]);
        Assert.Equal("79051234567", form["contactPhone"]);
    }

    [Fact]
    public void TheFormPutsAttachmentsAsRepeatedNameUrlPairs()
    {
        var form = Reply.ToForm();

        Assert.Equal(["файл1.doc", "файл2.doc"], form.GetAll("attachments[name]"));
        Assert.Equal(["https://account.planfix.ru/file/aadkapdoa5456454", "https://account.planfix.ru/file/aadkapdoa5456455"], form.GetAll("attachments[url]"));
    }

    [Fact]
    public void TheSpecReplySampleWithItsMessageIdIsRead()
    {
        // The document's sample leaves out messageId, which its field table lists; a provider needs it to report statuses.
        var form = Forms.FromSample("""
            cmd=newMessage
            providerId=superchat
            chatId=EFHASFN1239351
            token=202cb962ac59075b964b07152d234b70
            message=Здравствуйте, что вас интересует?
            messageId=4188849
            userName=Петр
            userLastName=Петров
            userIco=https://account.planfix.ru/?action=getuserpic&id=77
            attachments[name]=файл1.doc
            attachments[url]=https://account.planfix.ru/file/aadkapdoa5456454
            attachments[name]=файл2.doc
            attachments[url]=https://account.planfix.ru/file/aadkapdoa5456455
            """);

        var received = ProviderMessage.FromForm(form);

        Assert.NotNull(received);
        Assert.Equivalent(Reply with { Channel = null, ContactPhone = null, TaskEmail = null }, received, strict: true);
    }

    [Theory]
    [InlineData("cmd")]
    [InlineData("providerId")]
    [InlineData("messageId")]
    public void AFormWithoutARequiredFieldIsNotReadable(string field)
    {
        Assert.Null(ProviderMessage.FromForm(Reply.ToForm().Without(field)));
    }

    [Fact]
    public void AFormForAnotherCommandIsNotReadable()
    {
        Assert.Null(ProviderMessage.FromForm(Reply.ToForm().With("cmd", "getTask")));
    }

    [Fact]
    public void AFormWithUnpairedAttachmentsIsNotReadable()
    {
        Assert.Null(ProviderMessage.FromForm(Reply.ToForm().Plus(("attachments[url]", "https://x.io/lonely"))));
    }
}
