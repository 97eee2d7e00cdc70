using System.CommandLine;

namespace Webchat.Cli.Hub;

/// <summary>The contact's details the protocol carries (contactName … contactData), under the names a verb gives them.</summary>
internal sealed class ContactOptions(string name, string lastName, string ico, string email, string phone, string data)
{
    public Option<string> Name { get; } = new(name) { Description = "The contact's first name (contactName)." };

    public Option<string> LastName { get; } = new(lastName) { Description = "The contact's last name (contactLastName)." };

    public Option<string> Ico { get; } = new(ico) { Description = "The URL of the contact's photo (contactIco)." };

    public Option<string> Email { get; } = new(email) { Description = "The contact's e-mail (contactEmail)." };

    public Option<string> Phone { get; } = new(phone) { Description = "The contact's phone (contactPhone)." };

    public Option<string> Data { get; } = new(data) { Description = "Free text about the contact (contactData); the hub puts it in the task's description." };

    public IEnumerable<Option> All => [Name, LastName, Ico, Email, Phone, Data];
}
