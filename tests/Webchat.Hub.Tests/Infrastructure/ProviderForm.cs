using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// A provider's form field by field, for what a typed command cannot say: <c>isEcho=on</c>, PHP's
/// indexed attachments, extra fields, missing or broken ones. Starts from a command as the codec writes it.
/// </summary>
public sealed class ProviderForm
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private ProviderForm(IEnumerable<KeyValuePair<string, string>> fields) => _fields = [.. fields];

    /// <summary>The form a provider sends for <paramref name="command"/>, keyed with <paramref name="token"/>.</summary>
    public static ProviderForm Of(HubCommand command, string token = TestData.Token) => new(HubCommandCodec.Encode(command, token).All);

    /// <summary>Just these fields, in this order.</summary>
    public static ProviderForm Fields(params (string Key, string Value)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    /// <summary>Gives <paramref name="key"/> this one value: in the place of its first occurrence, or at the end.</summary>
    public ProviderForm Set(string key, string value)
    {
        var at = _fields.FindIndex(f => f.Key == key);
        Remove(key);
        _fields.Insert(at < 0 ? _fields.Count : at, KeyValuePair.Create(key, value));
        return this;
    }

    /// <summary>Leaves out every occurrence of <paramref name="key"/>.</summary>
    public ProviderForm Remove(string key)
    {
        _fields.RemoveAll(f => f.Key == key);
        return this;
    }

    /// <summary>Appends a field, even one already there.</summary>
    public ProviderForm Add(string key, string value)
    {
        _fields.Add(KeyValuePair.Create(key, value));
        return this;
    }

    public FormFields ToFields() => new(_fields);

    public string Encode() => ToFields().Encode();

    /// <summary>The same fields as <c>multipart/form-data</c>, as PHP's curl sends an array.</summary>
    public MultipartFormDataContent ToMultipart()
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in _fields)
        {
            var part = new StringContent(value);
            // PHP's curl sends bare text parts; a charset on each part is .NET's habit, not a provider's.
            part.Headers.ContentType = null;
            content.Add(part, key);
        }

        return content;
    }

    /// <summary>A body of raw bytes with the given content type, taken as it is.</summary>
    public static ByteArrayContent Raw(byte[] body, string? contentType = "application/x-www-form-urlencoded")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            // Unvalidated: some of these content types are broken on purpose.
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }
}

/// <summary>Calls on <c>/webchat/api</c> that read the hub's answer in full.</summary>
public static class ProviderCalls
{
    /// <summary>Sends a command that must be accepted: asserts a 200 with a JSON body.</summary>
    public static async Task<ProtocolAnswer> SendOkAsync(this ProviderClient provider, HubCommand command) =>
        (await provider.CallAsync(command)).ShouldBeOk();

    public static async Task<ProtocolAnswer> CallAsync(this ProviderClient provider, HubCommand command) =>
        await ProtocolAnswer.ReadAsync(await provider.SendAsync(command));

    public static async Task<ProtocolAnswer> CallAsync(this ProviderClient provider, ProviderForm form) =>
        await ProtocolAnswer.ReadAsync(await provider.PostAsync(form.ToFields()));

    /// <summary>
    /// Posts <paramref name="content"/> exactly as given: a raw body, a multipart form, any content type;
    /// <paramref name="chunked"/> sends it without a Content-Length, as a streaming client does.
    /// </summary>
    public static async Task<ProtocolAnswer> CallAsync(this ProviderClient provider, HttpContent content, bool chunked = false)
    {
        ArgumentNullException.ThrowIfNull(provider);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webchat/api", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        return await ProtocolAnswer.ReadAsync(await provider.Http.SendAsync(request, TestContext.Current.CancellationToken));
    }
}
