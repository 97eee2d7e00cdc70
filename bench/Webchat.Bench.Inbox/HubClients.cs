using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Webchat.Bench.Inbox;

/// <summary>The hub's three doors as the benchmark uses them: the provider's form posts, the operator API, and a console signed in with cookies.</summary>
internal sealed partial class HubClients(InboxOptions options) : IDisposable
{
    private readonly HttpClient _provider = new(Handler(null)) { BaseAddress = options.Hub, Timeout = TimeSpan.FromSeconds(20) };
    private readonly HttpClient _api = ApiClient(options);

    public HttpClient Api => _api;

    /// <summary>A contact's newMessage; the task's number, or null when the hub did not answer 200.</summary>
    public async Task<long?> SendMessageAsync(string chatId, string contactId, string text, string name, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["cmd"] = "newMessage",
            ["providerId"] = options.ProviderId,
            ["planfix_token"] = options.Token,
            ["chatId"] = chatId,
            ["contactId"] = contactId,
            ["contactName"] = name,
            ["message"] = text,
        });
        using var response = await _provider.PostAsync("/webchat/api", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode && NumberField().Match(body) is { Success: true } match ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Assigns task <paramref name="number"/> to <paramref name="email"/> through the operator API; true on 200.</summary>
    public async Task<bool> AssignAsync(long number, string email, CancellationToken cancellationToken)
    {
        using var body = JsonContent.Create(new Dictionary<string, string> { ["employeeEmail"] = email });
        using var response = await Api.PutAsync($"/api/tasks/{number}/assignee", body, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>GETs <paramref name="path"/> and reads the whole body; true on 200.</summary>
    public static async Task<bool> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>A console session: signed in through the sign-in form, cookies kept; null when the hub has no console.</summary>
    public async Task<HttpClient?> SignInAsync(CancellationToken cancellationToken)
    {
        if (options.Email is null || options.Password is null)
        {
            return null;
        }

        var client = new HttpClient(Handler(new CookieContainer())) { BaseAddress = options.Hub, Timeout = TimeSpan.FromSeconds(20) };
        using var page = await client.GetAsync("/signin", cancellationToken);
        if (page.StatusCode != HttpStatusCode.OK || TokenField().Match(await page.Content.ReadAsStringAsync(cancellationToken)) is not { Success: true } token)
        {
            client.Dispose();
            return null;
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token.Groups[1].Value,
            ["email"] = options.Email,
            ["password"] = options.Password,
            ["returnUrl"] = "/",
        });
        using var signedIn = await client.PostAsync("/account/signin", form, cancellationToken);
        if (signedIn.StatusCode != HttpStatusCode.Redirect || signedIn.Headers.Location?.OriginalString != "/")
        {
            client.Dispose();
            throw new InvalidOperationException($"The console refused the sign-in of {options.Email} ({(int)signedIn.StatusCode}).");
        }

        return client;
    }

    private static HttpClient ApiClient(InboxOptions options)
    {
        var client = new HttpClient(Handler(null)) { BaseAddress = options.Hub, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        return client;
    }

    private static SocketsHttpHandler Handler(CookieContainer? cookies) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        MaxConnectionsPerServer = 256,
    };

    [GeneratedRegex("\"number\":(\\d+)")]
    private static partial Regex NumberField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose()
    {
        _provider.Dispose();
        _api.Dispose();
    }
}
