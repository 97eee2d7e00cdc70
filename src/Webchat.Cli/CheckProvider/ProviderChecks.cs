using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Webchat.Protocol;

namespace Webchat.Cli.CheckProvider;

/// <summary>
/// Plays the hub against a provider's endpoint: sends the calls the hub sends (and a few it must
/// refuse), then judges each answer the way the hub would read it.
/// </summary>
internal sealed class ProviderChecks(ProbeSender sender, string providerId, string token, TimeSpan timeout, TextWriter progress)
{
    /// <summary>Answers slower than this are worth a warning, though the hub waits longer.</summary>
    public static readonly TimeSpan Brisk = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken cancellationToken)
    {
        var chatId = "webchat-check-" + Guid.NewGuid().ToString("N")[..12];
        var wellFormed = Message(chatId, "webchat check-provider: a well-formed message");

        var accepted = await ProbeAsync("a well-formed message with the right token", wellFormed.ToForm(), cancellationToken);
        var wrongToken = await ProbeAsync("the same with a wrong token",
            (Message(chatId, "webchat check-provider: a wrong token") with { Token = "wrong-" + Guid.NewGuid().ToString("N") }).ToForm(),
            cancellationToken);
        var missingToken = await ProbeAsync("the same without a token", WithoutToken(Message(chatId, "webchat check-provider: no token").ToForm()), cancellationToken);
        var first = await ProbeAsync("a first message (no chatId, a contactPhone)",
            (Message(null, "webchat check-provider: a first message to a contact with a phone") with { ContactPhone = "79051234567" }).ToForm(),
            cancellationToken);
        var unicode = await ProbeAsync("Cyrillic, emoji and three attachments", Unicode(chatId).ToForm(), cancellationToken);
        var repeated = await ProbeAsync("the first message's messageId again", wellFormed.ToForm(), cancellationToken);

        ProbeAnswer[] all = [accepted, wrongToken, missingToken, first, unicode, repeated];
        return
        [
            CheckResult.Judge("right token accepted", true, accepted.IsSuccess, accepted.Describe(),
                "Answer 2xx to a newMessage whose token is your ProviderToken" + Hint(accepted)),
            CheckResult.Judge("wrong token refused", true, wrongToken.IsRefusal, wrongToken.Describe(),
                """Compare the token field with your ProviderToken and answer 401 {"error":"Invalid token"} when it differs"""),
            CheckResult.Judge("missing token refused", true, missingToken.IsRefusal, missingToken.Describe(),
                """Refuse a call without a token field: 401 {"error":"Invalid token"}"""),
            CheckResult.Judge("first message opens a chat", true, first.IsSuccess && OpenedChat(first.Body), first.Describe(),
                """When chatId is missing, open a chat for contactPhone and answer 200 {"chatId":"…","contactId":"…"} (both non-empty)""" + Hint(first)),
            CheckResult.Judge("Cyrillic, emoji, attachments", true, unicode.IsSuccess, unicode.Describe(),
                "Read the body as UTF-8 and every attachments[name]/attachments[url] pair (PHP's $_POST keeps only the last: parse php://input)" + Hint(unicode)),
            CheckResult.Judge("answers within the hub's timeout", true, all.All(a => a.Status is not null), Slowest(all),
                $"The hub gives up after {Seconds(timeout)} s (Hub:Delivery:Timeout) and sends again: answer first, do slow work afterwards"),
            CheckResult.Judge("repeated messageId accepted", false, repeated.IsSuccess, repeated.Describe(),
                "The hub sends a message again when an answer was lost: answer 2xx to a messageId you already have, and drop the repeat"),
            CheckResult.Judge("answers within 2 s", false, all.All(a => a.Status is not null && a.Elapsed <= Brisk), Slowest(all),
                "Answer at once and do slow work (storage, other services) in the background"),
            CheckResult.Judge("answers are JSON", false, all.Where(a => a.IsSuccess).All(a => a.IsJson), JsonSeen(all),
                """Answer with a JSON body: {} for a message, {"chatId":"…","contactId":"…"} for a first message"""),
        ];
    }

    private async Task<ProbeAnswer> ProbeAsync(string what, FormFields form, CancellationToken cancellationToken)
    {
        await progress.WriteAsync($"checking: {what}… ");
        var answer = await sender.SendAsync(form, cancellationToken);
        await progress.WriteLineAsync(answer.Status is { } status ? status.ToString(CultureInfo.InvariantCulture) : answer.NoAnswer);
        return answer;
    }

    private ProviderMessage Message(string? chatId, string text) => new(
        providerId,
        token,
        text,
        MessageId(),
        chatId,
        UserName: "Webchat",
        UserLastName: "Check",
        TaskEmail: "task+1@webchat.invalid");

    private ProviderMessage Unicode(string chatId) => Message(chatId, "Здравствуйте! Ваш заказ готов 👍🏽 — ёжик 🦔, 中文") with
    {
        Attachments =
        [
            new Attachment("счёт №1.pdf", "https://example.com/files/invoice-1.pdf"),
            new Attachment("фото 😀.jpg", "https://example.com/files/photo.jpg"),
            new Attachment("схема.png", "https://example.com/files/scheme.png?size=large&lang=ru"),
        ],
    };

    private static FormFields WithoutToken(FormFields form) => new(form.All.Where(field => field.Key != "token"));

    /// <summary>A fresh id in the hub's style (a positive integer), so a provider that drops repeats does not drop these.</summary>
    private static string MessageId() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    /// <summary>As the hub reads a first message's answer: a JSON object with <c>chatId</c> and <c>contactId</c>, each a non-empty string or a number.</summary>
    private static bool OpenedChat(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && IsId(document.RootElement, "chatId")
                && IsId(document.RootElement, "contactId");
        }
        catch (JsonException)
        {
            return false;
        }

        static bool IsId(JsonElement answer, string name) =>
            answer.TryGetProperty(name, out var value)
            && (value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 255 }));
    }

    private static string Hint(ProbeAnswer answer) => answer.Status switch
    {
        401 => " (it answered 401: is --token the integration's ProviderToken?)",
        >= 300 and < 400 => " (the hub does not follow redirects: use the final URL)",
        null when !answer.TimedOut => " (is the provider running at that URL?)",
        _ => string.Empty,
    };

    private static string Slowest(IEnumerable<ProbeAnswer> answers)
    {
        var unanswered = answers.FirstOrDefault(a => a.Status is null);
        return unanswered is not null ? unanswered.Describe() : $"slowest answer {ProbeAnswer.Milliseconds(answers.Max(a => a.Elapsed))} ms";
    }

    private static string JsonSeen(IEnumerable<ProbeAnswer> answers)
    {
        var notJson = answers.Where(a => a.IsSuccess && !a.IsJson).ToList();
        return !answers.Any(a => a.IsSuccess) ? "no 2xx answers to look at"
            : notJson.Count == 0 ? "every 2xx answer is JSON"
            : $"{notJson.Count} 2xx answer(s) not JSON, e.g. {notJson[0].Describe()}";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
