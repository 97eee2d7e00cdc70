using System.Globalization;
using System.Text;
using Webchat.Client;
using Webchat.Protocol;

namespace Webchat.Cli.Listen;

/// <summary>Prints each call of the hub in a readable block and answers it: a first message gets a fresh chat.</summary>
internal sealed class CallPrinter(TextWriter output, TimeProvider time)
{
    public async Task<ProviderAnswer?> HandleAsync(IncomingHubMessage message, CancellationToken cancellationToken)
    {
        var opened = message.IsFirstMessage
            ? new ProviderAnswer("listen-chat-" + Guid.NewGuid().ToString("N")[..12], "listen-contact-" + Guid.NewGuid().ToString("N")[..12])
            : null;
        await output.WriteAsync(Describe(message, opened, time.GetLocalNow()).AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return opened;
    }

    /// <summary>One line for a call that was refused, and why it may have been.</summary>
    public async Task RefusedAsync(string method, string path, int status, string route, CancellationToken cancellationToken)
    {
        var why = status switch
        {
            401 => "its token is not --token: set the integration's ProviderToken to the same value",
            404 or 405 when path != route => $"nothing listens at {method} {path}: the integration's ProviderUrl must end in {route}",
            400 => "not a well-formed newMessage from the hub",
            413 => "the body is too large",
            _ => "see the answer's status",
        };
        await output.WriteLineAsync($"[{time.GetLocalNow():HH:mm:ss}] refused {method} {path}: {status}, {why}".AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static string Describe(IncomingHubMessage message, ProviderAnswer? opened, DateTimeOffset at)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{at:HH:mm:ss}] newMessage {message.MessageId}");
        text.Append(opened is null
            ? $" in chat {message.ChatId}"
            : $" (first message) to phone {message.ContactPhone}: opened chat {opened.ChatId}, contact {opened.ContactId}");
        if (message.Channel is { } channel)
        {
            text.Append(CultureInfo.InvariantCulture, $", channel {channel}");
        }

        text.AppendLine(message.Employee.DisplayName is { } author ? $" from {author}" : string.Empty);
        foreach (var line in message.Text.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("  ").AppendLine(line);
        }

        foreach (var attachment in message.Attachments)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  attachment: {attachment.Name} <{attachment.Url}>");
        }

        if (message.TaskEmail is { } email)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  task e-mail: {email}");
        }

        return text.ToString();
    }
}
