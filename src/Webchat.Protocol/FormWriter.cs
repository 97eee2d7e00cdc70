namespace Webchat.Protocol;

/// <summary>Builds a form in order, leaving out fields that have no value.</summary>
internal sealed class FormWriter
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public void Add(string key, string? value)
    {
        if (value is not null)
        {
            _fields.Add(new(key, value));
        }
    }

    public void AddAttachments(IReadOnlyList<Attachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            Add("attachments[name]", attachment.Name);
            Add("attachments[url]", attachment.Url);
        }
    }

    public FormFields ToForm() => new(_fields);
}
