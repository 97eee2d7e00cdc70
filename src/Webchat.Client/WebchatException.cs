namespace Webchat.Client;

/// <summary>What went wrong with a call to the hub, for a caller to switch on.</summary>
public enum WebchatErrorKind
{
    /// <summary>The hub refused the key (<c>Invalid token</c>, HTTP 401): check <c>Webchat:PlanfixToken</c> and <c>Webchat:ProviderId</c>.</summary>
    InvalidToken,

    /// <summary>The hub refused the command (<c>Invalid parameters</c>, or another 4xx): a required field is missing or too long.</summary>
    InvalidParameters,

    /// <summary><c>getTask</c>: the chat has no task (<c>task not found</c>).</summary>
    TaskNotFound,

    /// <summary><c>getContact</c>: the hub does not know the contact (<c>unknown contact</c>).</summary>
    UnknownContact,

    /// <summary>The hub could not be reached or answered, after the retries, or its answer could not be read: send again later.</summary>
    Unavailable,
}

/// <summary>A protocol error or a failure to reach the hub, with its <see cref="Kind"/>.</summary>
public sealed class WebchatException : Exception
{
    /// <summary>An <see cref="WebchatErrorKind.Unavailable"/> error with a default message.</summary>
    public WebchatException()
        : this(WebchatErrorKind.Unavailable, "The hub could not be reached.")
    {
    }

    /// <summary>An <see cref="WebchatErrorKind.Unavailable"/> error with <paramref name="message"/>.</summary>
    public WebchatException(string message)
        : this(WebchatErrorKind.Unavailable, message)
    {
    }

    /// <summary>An <see cref="WebchatErrorKind.Unavailable"/> error with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public WebchatException(string message, Exception? innerException)
        : this(WebchatErrorKind.Unavailable, message, innerException: innerException)
    {
    }

    /// <summary>An error of <paramref name="kind"/>.</summary>
    /// <param name="kind">What went wrong.</param>
    /// <param name="message">What went wrong and what to fix, for people.</param>
    /// <param name="statusCode">The hub's HTTP status, when it answered.</param>
    /// <param name="error">The text of the hub's <c>{"error":"…"}</c>, when it sent one.</param>
    /// <param name="innerException">The failure underneath (a connection error, a timeout), if any.</param>
    public WebchatException(WebchatErrorKind kind, string message, int? statusCode = null, string? error = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
    }

    /// <summary>What went wrong.</summary>
    public WebchatErrorKind Kind { get; }

    /// <summary>The hub's HTTP status code, or null when it never answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The hub's error text (<c>Invalid token</c>, <c>task not found</c>…), or null when it sent none.</summary>
    public string? Error { get; }
}
