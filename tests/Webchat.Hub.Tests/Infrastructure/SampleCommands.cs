using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>One well-formed command of each kind, as the integration <see cref="TestData.ProviderId"/> sends it.</summary>
public static class SampleCommands
{
    public static TheoryData<string> Names =>
        [HubCommandNames.NewMessage, HubCommandNames.GetTask, HubCommandNames.GetContact, HubCommandNames.UpdateContact, HubCommandNames.MessageStatus];

    public static HubCommand Of(string cmd) => cmd switch
    {
        HubCommandNames.NewMessage => TestData.Message(),
        HubCommandNames.GetTask => new GetTaskCommand(TestData.ProviderId, "chat-1"),
        HubCommandNames.GetContact => new GetContactCommand(TestData.ProviderId, "contact-1"),
        HubCommandNames.UpdateContact => new UpdateContactCommand(TestData.ProviderId, new("contact-1", "Ivan")),
        HubCommandNames.MessageStatus => new MessageStatusCommand(TestData.ProviderId, "1", "read"),
        _ => throw new ArgumentOutOfRangeException(nameof(cmd), cmd, null),
    };
}
