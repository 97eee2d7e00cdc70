namespace Webchat.Protocol.Tests;

/// <summary>The sample requests of the protocol document (planfix-chat-api.ru.md), copied line for line.</summary>
internal static class SpecSamples
{
    public const string NewMessage = """
        cmd=newMessage
        providerId=superchat
        chatId=EFHASFN1239351
        planfix_token=303cb962ac59075b964b07152d234b70
        message=Здравствуйте, есть вопрос
        contactId=57487124
        contactName=Иван
        contactLastName=Иванов
        contactIco=https://superchat.io/avatars/183712.png
        contactEmail=ivan@ivanov.com
        contactPhone=79051234567
        contactData=пришёл по запросу газовые котлы
        attachments[name]=фото1.jpg
        attachments[url]=https://superchat.io/files/5444.jpg
        attachments[name]=фото2.jpg
        attachments[url]=https://superchat.io/files/5445.jpg
        """;

    public const string GetTask = """
        cmd=getTask
        providerId=superchat
        planfix_token=303cb962ac59075b964b07152d234b70
        chatId=EFHASFN1239351
        """;

    public const string GetContact = """
        cmd=getContact
        providerId=superchat
        planfix_token=303cb962ac59075b964b07152d234b70
        contactId=57487124
        """;

    public const string UpdateContact = """
        cmd=updateContact
        providerId=superchat
        planfix_token=303cb962ac59075b964b07152d234b70
        contactId=57487124
        contactName=Пётр
        contactLastName=Петров
        contactIco=https://superchat.io/avatars/183712.png
        contactEmail=petr@petrov.com
        contactPhone=79051234567
        contactData=пришёл по запросу газовые котлы
        """;

    public const string MessageStatus = """
        cmd=messageStatus
        providerId=superchat
        planfix_token=303cb962ac59075b964b07152d234b70
        messageId=4188849
        messageStatus=read
        """;

    /// <summary>The provider→hub sample for a command name.</summary>
    public static string For(string cmd) => cmd switch
    {
        HubCommandNames.NewMessage => NewMessage,
        HubCommandNames.GetTask => GetTask,
        HubCommandNames.GetContact => GetContact,
        HubCommandNames.UpdateContact => UpdateContact,
        HubCommandNames.MessageStatus => MessageStatus,
        _ => throw new ArgumentOutOfRangeException(nameof(cmd), cmd, "no sample for this command"),
    };
}
