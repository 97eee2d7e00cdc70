using Webchat.Hub.Configuration;
using Webchat.Hub.Integrations;
using Webchat.Hub.Storage;
using Webchat.Protocol;

namespace Webchat.Hub.Replies;

/// <summary>What a reply must be before it is stored: its author, its text and its attachments.</summary>
internal static class ReplyRules
{
    /// <summary>Field errors of <paramref name="draft"/>; a <paramref name="signedInAuthor"/> may be an employee added in the console, not in Hub:Employees.</summary>
    public static Dictionary<string, string[]> Validate(ReplyDraft draft, bool signedInAuthor, HubOptions hub, IntegrationRegistry registry)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limits = ProtocolLimits.Default;
        if (string.IsNullOrWhiteSpace(draft.AuthorEmail))
        {
            errors["authorEmail"] = ["The e-mail of the employee who writes is required."];
        }
        else if ((!signedInAuthor && !hub.Employees.Exists(e => string.Equals(e.Email, draft.AuthorEmail, StringComparison.OrdinalIgnoreCase)))
            || registry.FindEmployee(draft.AuthorEmail) is null)
        {
            errors["authorEmail"] = [$"'{draft.AuthorEmail}' is not one of the employees in Hub:Employees."];
        }

        // PostgreSQL cannot keep a NUL or half a surrogate pair (SQLite would): the operator hears so on either store.
        foreach (var (field, value) in new[] { ("text", draft.Text), ("authorEmail", draft.AuthorEmail) }
            .Concat(draft.Links.SelectMany((l, i) => new[] { ($"attachments[{i}].name", l.Name), ($"attachments[{i}].url", l.Url) })))
        {
            if (value is not null && !StorableText.IsStorable(value))
            {
                errors[field] = ["The text holds a NUL character or half of a surrogate pair (broken UTF-16): remove it."];
            }
        }

        var attachments = draft.Links.Count + draft.Files.Count;
        if (string.IsNullOrWhiteSpace(draft.Text) && attachments == 0)
        {
            errors["text"] = ["Write a text or attach a file."];
        }
        else if (draft.Text?.Length > limits.MaxMessageLength)
        {
            errors["text"] = [$"The text is over {limits.MaxMessageLength} characters."];
        }

        if (attachments > limits.MaxAttachments)
        {
            errors["attachments"] = [$"A reply may carry at most {limits.MaxAttachments} attachments."];
        }

        for (var i = 0; i < draft.Links.Count; i++)
        {
            var link = draft.Links[i];
            if (string.IsNullOrWhiteSpace(link.Name) || link.Name.Length > limits.MaxUrlLength)
            {
                errors[$"attachments[{i}].name"] = [$"Each attachment needs a name of at most {limits.MaxUrlLength} characters."];
            }

            if (link.Url is not { Length: > 0 } url || url.Length > limits.MaxUrlLength
                || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                errors[$"attachments[{i}].url"] = [$"Each attachment needs an absolute http or https URL of at most {limits.MaxUrlLength} characters."];
            }
        }

        return errors;
    }
}
