using System.Text.Json.Serialization;

namespace Webchat.Protocol;

/// <summary>The error texts the protocol defines; each goes out as <c>{"error":"…"}</c>.</summary>
public static class ProtocolErrors
{
    public const string InvalidParameters = "Invalid parameters";
    public const string InvalidToken = "Invalid token";
    public const string TaskNotFound = "task not found";
    public const string UnknownContact = "unknown contact";

    /// <summary>Not in the protocol's tables: the body is over the hub's size limit (HTTP 413).</summary>
    public const string TooLarge = "Request too large";

    /// <summary>Not in the protocol's tables: the caller is over its rate limit (HTTP 429) and should wait as Retry-After says.</summary>
    public const string TooManyRequests = "Too many requests";

    /// <summary>Not in the protocol's tables: the hub could not store the command and the provider should send it again.</summary>
    public const string TemporarilyUnavailable = "Temporarily unavailable";
}

/// <summary><c>{"error":"…"}</c></summary>
public sealed record ErrorAnswer([property: JsonPropertyName("error")] string Error);

/// <summary><c>{"data":{…}}</c></summary>
public sealed record DataAnswer<T>([property: JsonPropertyName("data")] T Data);

/// <summary>The data of a <c>getTask</c> answer.</summary>
public sealed record TaskNumberData(
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("statusIsActive")] bool StatusIsActive);

/// <summary>The data of a <c>getContact</c> answer.</summary>
public sealed record ContactNumberData([property: JsonPropertyName("number")] long Number);

/// <summary>The data of a <c>newMessage</c> answer: the task the message went to and its contact.</summary>
public sealed record MessageAcceptedData(
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("contactNumber")] long ContactNumber);

/// <summary>A provider's answer to the hub's <c>newMessage</c>: the chat and contact the message went to.</summary>
public sealed record ProviderAnswer(
    [property: JsonPropertyName("chatId")] string? ChatId,
    [property: JsonPropertyName("contactId")] string? ContactId);

/// <summary>Source-generated JSON for the protocol's answers.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorAnswer))]
[JsonSerializable(typeof(DataAnswer<TaskNumberData>))]
[JsonSerializable(typeof(DataAnswer<ContactNumberData>))]
[JsonSerializable(typeof(DataAnswer<MessageAcceptedData>))]
[JsonSerializable(typeof(ProviderAnswer))]
[JsonSerializable(typeof(EmptyAnswer))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;

/// <summary><c>{}</c>: the body of a 200 whose data the protocol leaves empty.</summary>
public sealed record EmptyAnswer;
