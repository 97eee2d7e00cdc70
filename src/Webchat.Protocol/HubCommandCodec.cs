using System.Globalization;
using System.Text.RegularExpressions;

namespace Webchat.Protocol;

/// <summary>Turns a provider's form into a <see cref="HubCommand"/> and back.</summary>
public static partial class HubCommandCodec
{
    public const string TokenField = "planfix_token";

    /// <summary>The overview page of the protocol names the key <c>token</c>; the command tables <c>planfix_token</c>.</summary>
    public const string FallbackTokenField = "token";

    private const string TaskDataPrefix = "data_";

    /// <summary>The key the caller presented, or null when it sent none.</summary>
    public static string? ReadToken(FormFields form) => NullIfEmpty(form[TokenField]) ?? NullIfEmpty(form[FallbackTokenField]);

    /// <summary>
    /// Reads a command. Returns false with a reason (for logs, never for the caller, who is told
    /// only <c>Invalid parameters</c>) when a required field is missing, a field is too long or holds a NUL,
    /// <c>cmd</c> is unknown, <c>providerId</c> holds <c>~</c>, or attachments do not pair up.
    /// </summary>
    public static bool TryDecode(FormFields form, ProtocolLimits limits, out HubCommand? command, out string? reason)
    {
        command = null;
        var reader = new FieldReader(form, limits);
        var providerId = reader.Required("providerId", limits.MaxIdLength);
        if (providerId is not null && providerId.Contains('~', StringComparison.Ordinal))
        {
            reason = "providerId must not contain '~'";
            return false;
        }

        var cmd = form["cmd"];
        command = cmd switch
        {
            HubCommandNames.NewMessage => DecodeNewMessage(reader, providerId!),
            HubCommandNames.GetTask => new GetTaskCommand(providerId!, reader.Required("chatId", limits.MaxIdLength)!),
            HubCommandNames.GetContact => new GetContactCommand(providerId!, reader.Required("contactId", limits.MaxIdLength)!),
            HubCommandNames.UpdateContact => new UpdateContactCommand(providerId!, DecodeContact(reader, nameRequired: true)),
            HubCommandNames.MessageStatus => new MessageStatusCommand(
                providerId!,
                reader.Required("messageId", limits.MaxIdLength)!,
                reader.Required("messageStatus", limits.MaxNameLength)!,
                reader.Optional("messageStatusText", limits.MaxTextLength)),
            _ => null,
        };

        // A known command that failed to decode (newMessage with unpaired or too many attachments) has
        // its reason in reader.Problem; only a cmd outside the protocol is "unknown".
        reason = cmd is null ? "cmd is missing" : !IsKnown(cmd) ? $"unknown cmd '{Truncate(cmd)}'" : reader.Problem;
        if (reason is not null)
        {
            command = null;
            return false;
        }

        return true;
    }

    /// <summary>Writes a command as the form a provider sends, keyed with <paramref name="token"/>.</summary>
    public static FormFields Encode(HubCommand command, string token)
    {
        ArgumentNullException.ThrowIfNull(command);
        var fields = new FormWriter();
        fields.Add("cmd", command.Name);
        fields.Add("providerId", command.ProviderId);
        fields.Add(TokenField, token);
        switch (command)
        {
            case NewMessageCommand message:
                fields.Add("chatId", message.ChatId);
                fields.Add("channel", message.Channel);
                fields.Add("message", message.Message);
                fields.Add("title", message.Title);
                AddContact(fields, message.Contact);
                fields.AddAttachments(message.Attachments);
                if (message.IsEcho)
                {
                    fields.Add("isEcho", "1");
                    fields.Add("userEmail", message.UserEmail);
                }

                foreach (var (field, value) in message.TaskData)
                {
                    fields.Add(TaskDataPrefix + field, value);
                }

                break;
            case GetTaskCommand getTask:
                fields.Add("chatId", getTask.ChatId);
                break;
            case GetContactCommand getContact:
                fields.Add("contactId", getContact.ContactId);
                break;
            case UpdateContactCommand update:
                AddContact(fields, update.Contact);
                break;
            case MessageStatusCommand status:
                fields.Add("messageId", status.MessageId);
                fields.Add("messageStatus", status.Status);
                fields.Add("messageStatusText", status.StatusText);
                break;
            default:
                throw new ArgumentException($"Unknown command type {command.GetType().Name}.", nameof(command));
        }

        return fields.ToForm();
    }

    /// <summary>
    /// Reads repeated <c>attachments[name]</c>/<c>attachments[url]</c>, pairing the n-th name with the
    /// n-th url however the keys interleave; PHP's indexed <c>attachments[0][name]</c> form is read too.
    /// Returns null when the names and urls do not pair up.
    /// </summary>
    public static IReadOnlyList<Attachment>? ReadAttachments(FormFields form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var names = form.GetAll("attachments[name]");
        var urls = form.GetAll("attachments[url]");
        var indexed = new SortedDictionary<int, (string? Name, string? Url)>();
        foreach (var (key, value) in form.All)
        {
            var match = IndexedAttachment().Match(key);
            if (!match.Success)
            {
                continue;
            }

            if (!int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return null;
            }

            var entry = indexed.GetValueOrDefault(index);
            indexed[index] = match.Groups[2].Value == "name" ? entry with { Name = value } : entry with { Url = value };
        }

        if (names.Count != urls.Count)
        {
            return null;
        }

        var attachments = new List<Attachment>(names.Count + indexed.Count);
        for (var i = 0; i < names.Count; i++)
        {
            attachments.Add(new Attachment(names[i], urls[i]));
        }

        foreach (var (name, url) in indexed.Values)
        {
            if (name is null || url is null)
            {
                return null;
            }

            attachments.Add(new Attachment(name, url));
        }

        return attachments;
    }

    private static NewMessageCommand? DecodeNewMessage(FieldReader reader, string providerId)
    {
        var limits = reader.Limits;
        var chatId = reader.Required("chatId", limits.MaxIdLength);
        var contact = DecodeContact(reader, nameRequired: false);
        var message = reader.Optional("message", limits.MaxMessageLength) ?? string.Empty;
        var attachments = ReadAttachments(reader.Form);
        if (attachments is null)
        {
            reader.Fail("attachments[name] and attachments[url] do not pair up");
            return null;
        }

        if (attachments.Count > limits.MaxAttachments)
        {
            reader.Fail($"more than {limits.MaxAttachments} attachments");
            return null;
        }

        foreach (var attachment in attachments)
        {
            reader.Check("attachments[name]", attachment.Name, limits.MaxUrlLength);
            reader.Check("attachments[url]", attachment.Url, limits.MaxUrlLength);
            if (attachment.Url.Length == 0)
            {
                reader.Fail("an attachment has no url");
            }
        }

        if (message.Length == 0 && attachments.Count == 0)
        {
            reader.Fail("message is missing and there is no attachment");
        }

        var taskData = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in reader.Form.All)
        {
            if (key.StartsWith(TaskDataPrefix, StringComparison.Ordinal) && key.Length > TaskDataPrefix.Length)
            {
                reader.Check(key, value, limits.MaxTextLength);
                taskData.Add(new(key[TaskDataPrefix.Length..], value));
            }
        }

        if (taskData.Count > limits.MaxTaskDataFields)
        {
            reader.Fail($"more than {limits.MaxTaskDataFields} data_ fields");
        }

        var isEcho = reader.Form["isEcho"] is { } echo && IsTrue(echo);
        return new NewMessageCommand(
            providerId,
            chatId!,
            message,
            contact,
            Channel: reader.Optional("channel", limits.MaxIdLength),
            Title: reader.Optional("title", limits.MaxTitleLength),
            Attachments: attachments,
            IsEcho: isEcho,
            UserEmail: reader.Optional("userEmail", limits.MaxNameLength),
            TaskData: taskData);
    }

    private static ContactDetails DecodeContact(FieldReader reader, bool nameRequired)
    {
        var limits = reader.Limits;
        return new ContactDetails(
            reader.Required("contactId", limits.MaxIdLength)!,
            nameRequired ? reader.Required("contactName", limits.MaxNameLength) : reader.Optional("contactName", limits.MaxNameLength),
            reader.Optional("contactLastName", limits.MaxNameLength),
            reader.Optional("contactIco", limits.MaxUrlLength),
            reader.Optional("contactEmail", limits.MaxNameLength),
            reader.Optional("contactPhone", limits.MaxNameLength),
            reader.Optional("contactData", limits.MaxTextLength));
    }

    private static void AddContact(FormWriter fields, ContactDetails contact)
    {
        fields.Add("contactId", contact.ContactId);
        fields.Add("contactName", contact.Name);
        fields.Add("contactLastName", contact.LastName);
        fields.Add("contactIco", contact.Ico);
        fields.Add("contactEmail", contact.Email);
        fields.Add("contactPhone", contact.Phone);
        fields.Add("contactData", contact.Data);
    }

    /// <summary>Booleans as providers send them: <c>true</c>, <c>1</c>, <c>on</c> (any case), or <c>yes</c>.</summary>
    public static bool IsTrue(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1"
        || value.Equals("on", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase);

    private static bool IsKnown(string cmd) => cmd is HubCommandNames.NewMessage or HubCommandNames.GetTask
        or HubCommandNames.GetContact or HubCommandNames.UpdateContact or HubCommandNames.MessageStatus;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^attachments\[(\d{1,4})\]\[(name|url)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex IndexedAttachment();

    /// <summary>Reads fields and remembers the first thing wrong with them.</summary>
    private sealed class FieldReader(FormFields form, ProtocolLimits limits)
    {
        public FormFields Form => form;

        public ProtocolLimits Limits => limits;

        public string? Problem { get; private set; }

        public string? Required(string key, int maxLength)
        {
            var value = form[key];
            if (string.IsNullOrEmpty(value))
            {
                Fail($"{key} is missing");
                return value;
            }

            Check(key, value, maxLength);
            return value;
        }

        public string? Optional(string key, int maxLength)
        {
            var value = form[key];
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            Check(key, value, maxLength);
            return value;
        }

        public void Check(string key, string value, int maxLength)
        {
            if (value.Length > maxLength)
            {
                Fail($"{Truncate(key)} is longer than {maxLength} characters");
            }

            // No text of the protocol holds a NUL, and PostgreSQL cannot store one: refused, not a store failure.
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                Fail($"{Truncate(key)} holds a NUL character");
            }
        }

        public void Fail(string problem) => Problem ??= problem;
    }
}
