using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Webchat.Hub.Configuration;
using Webchat.Hub.Inbound;
using Webchat.Hub.Integrations;
using Webchat.Hub.RateLimits;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Inbound;

/// <summary>
/// Generated bodies, from random bytes to nearly valid commands with hostile values (NUL, broken
/// surrogates, long and odd ids, stray percent signs, multipart), through the entry point's own reading,
/// decoding and dispatch on a real hub and store: never a 5xx, never an exception, never a stall. The
/// entry point is called in-process, so 100,000 inputs take seconds rather than minutes of HTTP.
/// </summary>
public sealed class FuzzTests
{
    private const int Inputs = 100_000;

    /// <summary>Far longer than any input takes: only a stall reaches it.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    private static readonly string[] Keys =
    [
        "cmd", "providerId", "planfix_token", "token", "chatId", "contactId", "message", "contactName", "contactLastName",
        "contactIco", "contactEmail", "contactPhone", "contactData", "title", "isEcho", "userEmail", "channel", "messageId",
        "messageStatus", "statusText", "attachments[name]", "attachments[url]", "attachments[0][name]", "attachments[0][url]",
        "data_utm_source", "data_unknown",
    ];

    private static readonly string[] Values =
    [
        HubCommandNames.NewMessage, HubCommandNames.GetTask, HubCommandNames.GetContact, HubCommandNames.UpdateContact,
        HubCommandNames.MessageStatus, TestData.ProviderId, TestData.OtherProviderId, TestData.Token, "chat-1", "chat-2", "c1", "c2",
        "1", "2", "0", "-1", "99999999999999999999", "read", "sent", "error", "true", "https://example.com/a.png", "a~b", "",
    ];

    private static readonly string[] Commands = Values[..5];

    private static readonly string[] Junk = ["%", "%ZZ", "%C3", "&&&", "==", "%00", "+"];

    private static readonly string[] OddContentTypes =
        ["text/plain", "application/x-www-form-urlencoded; charset=latin1", "multipart/form-data", "", "application/json"];

    private const string Hex = "0123456789ABCDEF";

    private static readonly int[] EveryOutcome = [200, 400, 401, 413];

    /// <summary>Over the fuzzed hub's Hub:Inbound:MaxBodyBytes once encoded: a 413, rarely.</summary>
    private static readonly string Huge = new('x', 20_000);

    private static readonly Gen<string> HostileText = Gen.Frequency(
        (20, Gen.Char.Array[0, 20].Select(chars => new string(chars))),
        (20, Gen.Char["\0\uD83D\uDE00\uDC00a%&=+ \u00e9\u4e2d"].Array[0, 12].Select(chars => new string(chars))),
        (5, Gen.Int[250, 300].Select(n => new string('7', n))),
        (1, Gen.Const(Huge)));

    private static readonly Gen<string> Value = Gen.Frequency((3, Gen.OneOf(Values)), (2, HostileText));

    private static readonly Gen<string> Key = Gen.Frequency(
        (6, Gen.OneOf(Keys)),
        (1, HostileText),
        (1, HostileText.Select(name => "data_" + name)));

    /// <summary>A command as a provider would send it (a quarter with the right key and integration), then any fields in any order.</summary>
    private static readonly Gen<List<KeyValuePair<string, string>>> Fields =
        Gen.Select(
            Gen.OneOf(Commands),
            Gen.Int[0, 3].Select(n => n == 0),
            Gen.Select(Key, Value, KeyValuePair.Create).List[0, 14],
            (cmd, authorized, rest) => authorized
                ? [new("cmd", cmd), new("providerId", TestData.ProviderId), new("planfix_token", TestData.Token), new("chatId", "chat-1"),
                   new("contactId", "c1"), new("message", "hi"), new("messageId", "1"), new("messageStatus", "read"), .. rest]
                : rest);

    private static readonly Gen<(byte[] Body, string ContentType)> Bodies = Gen.Frequency(
        (2, Gen.Byte.Array[0, 300].Select(bytes => (bytes, "application/x-www-form-urlencoded"))),
        (10, Fields.Select(fields => (UrlEncode(fields), "application/x-www-form-urlencoded"))),
        (2, Gen.Select(Fields, Gen.OneOf(Junk), Gen.Int[0, 200],
            (fields, junk, at) =>
            {
                var body = UrlEncode(fields);
                var cut = Math.Min(at, body.Length);
                byte[] broken = [.. body[..cut], .. Encoding.ASCII.GetBytes(junk), .. body[cut..]];
                return (broken, "application/x-www-form-urlencoded");
            })),
        (1, Fields.Select(fields => (Multipart(fields, "fuzz-boundary"), "multipart/form-data; boundary=fuzz-boundary"))),
        (1, Gen.Select(Fields, Gen.OneOf(OddContentTypes),
            (fields, contentType) => (UrlEncode(fields), contentType))));

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task No_generated_body_gets_a_5xx_or_stalls_the_entry_point(StoreKind store)
    {
        await using var hub = await HubHost.StartAsync(store, s =>
        {
            s["Logging:LogLevel:Default"] = "Critical";
            s["Hub:Inbound:MaxBodyBytes"] = "16384";
            s["Hub:RateLimits:PerIntegration:PermitsPerSecond"] = "1000000";
            s["Hub:RateLimits:PerIntegration:Burst"] = "1000000";
        });
        var services = hub.Services;
        var handler = services.GetRequiredService<ProviderCommandHandler>();
        var integrations = services.GetRequiredService<IntegrationRegistry>();
        var limiter = services.GetRequiredService<IntegrationRateLimiter>();
        var options = services.GetRequiredService<IOptions<HubOptions>>();
        var metrics = services.GetRequiredService<HubMetrics>();
        var logger = services.GetRequiredService<ILogger<ProviderCommandHandler>>();
        var statuses = new int[600];

        await Bodies.SampleAsync(
            async input =>
            {
                var context = new DefaultHttpContext { RequestServices = services };
                context.Request.Method = "POST";
                context.Request.ContentType = input.ContentType.Length == 0 ? null : input.ContentType;
                context.Request.ContentLength = input.Body.Length;
                context.Request.Body = new MemoryStream(input.Body);

                var answer = await InboundEndpoints.HandleAsync(context.Request, handler, integrations, limiter, options, metrics, logger, CancellationToken.None)
                    .WaitAsync(Stall, TestContext.Current.CancellationToken);

                var status = ((IStatusCodeHttpResult)answer.Result).StatusCode ?? 200;
                Interlocked.Increment(ref statuses[status]);
                Assert.True(status < 500, $"{status} for {input.ContentType}: {Encoding.UTF8.GetString(input.Body)}");
            },
            iter: Inputs,
            threads: 32);

        // The inputs reached every outcome, not only the decoder's refusals.
        Assert.Equal(Inputs, statuses.Sum());
        Assert.All(EveryOutcome, status => Assert.True(statuses[status] > 0, $"no input was answered {status}"));
    }

    private static byte[] UrlEncode(List<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            text.Append(text.Length == 0 ? "" : "&").Append(Escape(key)).Append('=').Append(Escape(value));
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Percent-encodes the UTF-8 of <paramref name="value"/> (a lone surrogate goes as U+FFFD, as a real client sends it).</summary>
    private static string Escape(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return text.ToString();
    }

    private static byte[] Multipart(List<KeyValuePair<string, string>> fields, string boundary)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{key.Replace("\"", "", StringComparison.Ordinal)}\"\r\n\r\n{value}\r\n");
        }

        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
