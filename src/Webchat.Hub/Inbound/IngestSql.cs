using System.Data.Common;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Inbound;

/// <summary>
/// The SQL of a provider's hot path: what a <c>newMessage</c> or <c>updateContact</c> reads and
/// writes, as prepared statements on the writer's connection. A message to a known chat costs
/// two indexed reads and one insert; nothing is written that did not change. The same text runs on
/// SQLite and PostgreSQL (quoted names, <c>RETURNING</c>, <c>ON CONFLICT</c>). The rules a new
/// contact, task and message follow live here once, for this path and for <see cref="MessageStatement"/>.
/// </summary>
internal static partial class IngestSql
{
    /// <summary>A contact as stored, for deciding whether an update changes anything.</summary>
    internal sealed record StoredContact(long Id, long Number, string Name, string? LastName, string? Ico, string? Email, string? Phone, string? Data)
    {
        public string FullName => Contacts.PersonName.Full(Name, LastName);
    }

    /// <summary>A chat as stored, with its current task when it has one.</summary>
    internal sealed record StoredChat(long Id, string? Channel, long? TaskId, long TaskNumber, bool TaskActive, string? AdditionalDescription);

    /// <summary>A contact the hub has not seen: the details sent, and until a name arrives it is known by its id.</summary>
    public static StoredContact NewContact(long number, ContactDetails details) =>
        new(0, number, details.Name ?? details.ContactId, details.LastName, details.Ico, details.Email, details.Phone, details.Data);

    /// <summary>A message that came in is the contact's, or an echo of what an employee wrote elsewhere.</summary>
    public static Messages.MessageDirection Direction(NewMessageCommand command) =>
        command.IsEcho ? Messages.MessageDirection.Echo : Messages.MessageDirection.FromContact;

    /// <summary>A new task's name: the message's title, or else after its contact.</summary>
    public static string TaskName(string? title, string contactFullName) =>
        string.IsNullOrWhiteSpace(title) ? $"Chat with {contactFullName}" : title;

    private static void AddDetails(DbCommand command, ContactDetails contact) =>
        AddDetails(command.Set, contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data);

    private static void AddDetails(DbBatchCommand command, ContactDetails contact) =>
        AddDetails(command.Set, contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data);

    private static void AddDetails(DbCommand command, StoredContact contact) =>
        AddDetails(command.Set, contact.Name, contact.LastName, contact.Ico, contact.Email, contact.Phone, contact.Data);

    private static void AddDetails(Action<string, object?> add, string? name, string? lastName, string? ico, string? email, string? phone, string? data)
    {
        add("name", name);
        add("lastName", lastName);
        add("ico", ico);
        add("email", email);
        add("phone", phone);
        add("data", data);
    }

    private static long Scalar(DbCommand command) =>
        Convert.ToInt64(command.ExecuteScalar() ?? throw new InvalidOperationException("The statement returned no row."), System.Globalization.CultureInfo.InvariantCulture);

    private static StoredContact ReadContact(DbDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetString(first + 2), Text(reader, first + 3),
        Text(reader, first + 4), Text(reader, first + 5), Text(reader, first + 6), Text(reader, first + 7));

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Add(DbCommand command, string name, object? value) => command.Set(name, value);
}
