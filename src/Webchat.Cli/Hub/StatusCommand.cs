using System.CommandLine;
using Webchat.Cli.Common;
using Webchat.Client;

namespace Webchat.Cli.Hub;

/// <summary><c>webchat status</c>: the ticks of a message the hub sent (messageStatus).</summary>
internal static class StatusCommand
{
    public static Command Create(HubConnectionOptions hub, CliEnvironment environment)
    {
        var messageId = new Option<string>("--message-id") { Description = "The messageId of the hub's call that brought the message.", Required = true };
        var status = new Option<string>("--status") { Description = "sent (one tick), read (two ticks) or error.", Required = true, HelpName = "sent|read|error" };
        status.AcceptOnlyFromAmong("sent", "read", "error");
        var statusText = new Option<string>("--status-text") { Description = "Extra text, e.g. why delivery failed (messageStatusText)." };
        var command = new Command("status", "Reports the status of a message the hub sent (messageStatus).") { messageId, status, statusText };
        HubCall.Bind(command, hub, environment, async (parsed, client, ct) =>
        {
            var value = Enum.Parse<WebchatMessageStatus>(parsed.GetRequiredValue(status), ignoreCase: true);
            await client.SendMessageStatusAsync(new MessageStatusRequest(parsed.GetRequiredValue(messageId), value, parsed.GetValue(statusText)), ct);
            return CliJson.Empty;
        });
        return command.WithExamples(
            "webchat status --message-id 4188849 --status read",
            "webchat status --message-id 4188849 --status error --status-text 'the visitor blocked the bot'");
    }
}
