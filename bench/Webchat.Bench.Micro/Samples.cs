using System.Text;
using Webchat.Protocol;

namespace Webchat.Bench.Micro;

/// <summary>The bodies the benchmarks send: what a messenger bridge sends for an ordinary message (as bench/wrk/protocol.lua does).</summary>
internal static class Samples
{
    public const string ProviderId = "benchchat";
    public const string Token = "bench-planfix-token-0123456789abcdef";

    public static NewMessageCommand NewMessage(string chatId, string contactId) => new(
        ProviderId,
        chatId,
        "Hello, I ordered a sofa last week and would like to know when it will be delivered. Order number 12345",
        new ContactDetails(contactId, "Ivan", "Petrov", Ico: $"https://example.com/avatars/{contactId}.png"),
        Channel: "telegram");

    public static byte[] Body(HubCommand command) => Encoding.UTF8.GetBytes(HubCommandCodec.Encode(command, Token).Encode());
}
