using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Webchat.Cli.CheckProvider;
using Webchat.Client;

namespace Webchat.Cli.Common;

/// <summary>The tool's JSON output: one line for scripts, and readable as it is (Cyrillic and emoji are not escaped).</summary>
internal static class CliJson
{
    /// <summary>What a command prints when the hub's answer carries no data.</summary>
    public const string Empty = "{}";

    public static readonly CliJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}

[JsonSerializable(typeof(CheckReport))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(GetTaskResult))]
[JsonSerializable(typeof(GetContactResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
