using System.CommandLine;
using Webchat.Cli.Common;
using Webchat.Client;

namespace Webchat.Cli.Hub;

/// <summary><c>webchat update-contact</c>: new details of a contact (updateContact).</summary>
internal static class UpdateContactCommand
{
    public static Command Create(HubConnectionOptions hub, CliEnvironment environment)
    {
        var contactId = new Option<string>("--contact-id") { Description = "The contact's id on your side (contactId).", Required = true };
        var contact = new ContactOptions("--name", "--last-name", "--ico", "--email", "--phone", "--contact-data");
        // The protocol requires contactName in updateContact; details left out stay as they are.
        contact.Name.Required = true;
        var command = new Command("update-contact", "Sends a contact's new details to the hub (updateContact); details left out stay as they are.") { contactId };
        foreach (var option in contact.All)
        {
            command.Options.Add(option);
        }

        HubCall.Bind(command, hub, environment, async (parsed, client, ct) =>
        {
            await client.UpdateContactAsync(new UpdateContactRequest
            {
                ContactId = parsed.GetRequiredValue(contactId),
                ContactName = parsed.GetRequiredValue(contact.Name),
                ContactLastName = parsed.GetValue(contact.LastName),
                ContactIco = parsed.GetValue(contact.Ico),
                ContactEmail = parsed.GetValue(contact.Email),
                ContactPhone = parsed.GetValue(contact.Phone),
                ContactData = parsed.GetValue(contact.Data),
            }, ct);
            return CliJson.Empty;
        });
        return command.WithExamples(
            "webchat update-contact --contact-id visitor-7 --name Пётр --last-name Петров --phone 79051234567 --email petr@example.com",
            "webchat update-contact --contact-id visitor-7 --name Ivan --contact-data 'came from the price page'");
    }
}
