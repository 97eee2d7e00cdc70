using System.CommandLine;
using System.Text.Json;
using Webchat.Cli.Common;
using Webchat.Client;
using Webchat.Protocol;

namespace Webchat.Cli.Hub;

/// <summary><c>webchat send</c>: a <c>newMessage</c> from a chat to the hub.</summary>
internal static class SendCommand
{
    public static Command Create(HubConnectionOptions hub, CliEnvironment environment)
    {
        var chatId = new Option<string>("--chat-id") { Description = "The chat's id on your side (chatId).", Required = true };
        var contactId = new Option<string>("--contact-id") { Description = "The contact's id on your side (contactId).", Required = true };
        var message = new Option<string>("--message") { Description = "The message text; may be left out when there are attachments." };
        var title = new Option<string>("--title") { Description = "The task's name; the hub uses it when the message opens a task." };
        var channel = new Option<string>("--channel") { Description = "An extra channel id on your side (channel)." };
        var attachments = KeyValueOption.Create("--attachment", "NAME=URL",
            "A file as a link (repeatable, in order): its name, '=', an absolute http(s) URL.",
            (_, url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : "the URL after '=' must be absolute http or https.");
        var echo = new Option<bool>("--echo") { Description = "An outgoing message an employee wrote on your side (isEcho)." };
        var userEmail = new Option<string>("--user-email") { Description = "With --echo: the e-mail of the employee who wrote it (userEmail)." };
        var data = KeyValueOption.Create("--data", "FIELD=VALUE",
            "A value for the task's custom field FIELD (sent as data_FIELD; repeatable).");
        var contact = new ContactOptions("--contact-name", "--contact-last-name", "--contact-ico", "--contact-email", "--contact-phone", "--contact-data");

        var command = new Command("send", "Sends a message from a chat to the hub (newMessage); prints the task's and the contact's numbers.")
        {
            chatId, contactId, message,
        };
        foreach (var option in contact.All.Concat<Option>([title, channel, attachments, echo, userEmail, data]))
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            // Tokens, not values: a malformed --attachment has its own error, and no value to read.
            if (string.IsNullOrEmpty(result.GetValue(message)) && result.GetResult(attachments) is not { Tokens.Count: > 0 })
            {
                result.AddError("Give --message, or at least one --attachment NAME=URL.");
            }

            if (result.GetValue(userEmail) is not null && !result.GetValue(echo))
            {
                result.AddError("--user-email goes with --echo: it names the employee who wrote an echoed message.");
            }
        });

        HubCall.Bind(command, hub, environment, async (parsed, client, ct) =>
        {
            var answer = await client.SendMessageAsync(new SendMessageRequest
            {
                ChatId = parsed.GetRequiredValue(chatId),
                ContactId = parsed.GetRequiredValue(contactId),
                Message = parsed.GetValue(message) ?? string.Empty,
                ContactName = parsed.GetValue(contact.Name),
                ContactLastName = parsed.GetValue(contact.LastName),
                ContactIco = parsed.GetValue(contact.Ico),
                ContactEmail = parsed.GetValue(contact.Email),
                ContactPhone = parsed.GetValue(contact.Phone),
                ContactData = parsed.GetValue(contact.Data),
                Title = parsed.GetValue(title),
                Channel = parsed.GetValue(channel),
                Attachments = [.. parsed.GetRequiredValue(attachments).Select(a => new Attachment(a.Key, a.Value))],
                IsEcho = parsed.GetValue(echo),
                UserEmail = parsed.GetValue(userEmail),
                TaskData = parsed.GetRequiredValue(data),
            }, ct);
            return JsonSerializer.Serialize(answer, CliJson.Context.SendMessageResult);
        });

        return command.WithExamples(
            "webchat send --chat-id chat-42 --contact-id visitor-7 --contact-name Иван --message 'Здравствуйте, есть вопрос'",
            "webchat send --chat-id chat-42 --contact-id visitor-7 --message 'Two files' --attachment price.pdf=https://example.com/price.pdf --attachment photo.jpg=https://example.com/photo.jpg",
            "webchat send --chat-id chat-42 --contact-id visitor-7 --title 'Order 15' --data utm_source=google --contact-phone 79051234567 --message Hi",
            "webchat send --chat-id chat-42 --contact-id visitor-7 --echo --user-email anna@example.com --message 'Answered from my phone'",
            "WEBCHAT_HUB=http://127.0.0.1:5000 WEBCHAT_PROVIDER_ID=superchat WEBCHAT_TOKEN=303cb962ac59075b964b07152d234b70 webchat send --chat-id c1 --contact-id v1 --message Hi");
    }
}
