using System.CommandLine;
using System.Text.Json;
using Webchat.Cli.Common;
using Webchat.Client;

namespace Webchat.Cli.Hub;

/// <summary><c>webchat get-task</c> and <c>webchat get-contact</c>: the hub's numbers of a chat's task and of a contact.</summary>
internal static class LookupCommands
{
    public static Command CreateGetTask(HubConnectionOptions hub, CliEnvironment environment)
    {
        var chatId = new Option<string>("--chat-id") { Description = "The chat's id on your side (chatId).", Required = true };
        var command = new Command("get-task", "Asks the hub for the number of a chat's current task (getTask); exits 1 when the chat has none.") { chatId };
        HubCall.Bind(command, hub, environment, async (parsed, client, ct) =>
            JsonSerializer.Serialize(await client.GetTaskAsync(new GetTaskRequest(parsed.GetRequiredValue(chatId)), ct), CliJson.Context.GetTaskResult));
        return command.WithExamples(
            "webchat get-task --hub http://127.0.0.1:5000 --provider-id superchat --token 303cb962ac59075b964b07152d234b70 --chat-id chat-42",
            "webchat get-task --chat-id chat-42      # with WEBCHAT_HUB, WEBCHAT_PROVIDER_ID, WEBCHAT_TOKEN set");
    }

    public static Command CreateGetContact(HubConnectionOptions hub, CliEnvironment environment)
    {
        var contactId = new Option<string>("--contact-id") { Description = "The contact's id on your side (contactId).", Required = true };
        var command = new Command("get-contact", "Asks the hub for its number of a contact (getContact); exits 1 when the hub does not know the contact.") { contactId };
        HubCall.Bind(command, hub, environment, async (parsed, client, ct) =>
            JsonSerializer.Serialize(await client.GetContactAsync(new GetContactRequest(parsed.GetRequiredValue(contactId)), ct), CliJson.Context.GetContactResult));
        return command.WithExamples(
            "webchat get-contact --hub http://127.0.0.1:5000 --provider-id superchat --token 303cb962ac59075b964b07152d234b70 --contact-id visitor-7");
    }
}
