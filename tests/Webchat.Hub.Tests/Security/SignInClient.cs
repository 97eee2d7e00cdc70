using System.Net;
using System.Text.RegularExpressions;

namespace Webchat.Hub.Tests.Security;

/// <summary>
/// A browser-like HTTP client of the console: redirects not followed, the sign-in form posted as a page
/// would, and cookies kept as a browser behind a TLS proxy keeps them (Secure ones too, over the test's plain HTTP).
/// </summary>
internal sealed partial class SignInClient : IDisposable
{
    private readonly CookieJar _jar = new() { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } };

    public SignInClient(Uri baseAddress, string? forwardedFor = null)
    {
        Http = new HttpClient(_jar) { BaseAddress = baseAddress };
        if (forwardedFor is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public HttpClient Http { get; }

    /// <summary>The names of the cookies kept.</summary>
    public IReadOnlyCollection<string> CookieNames => _jar.Names;

    /// <summary>The cookies as a <c>Cookie</c> header, to be replayed by another client.</summary>
    public string CookieHeader => _jar.Header;

    /// <summary>The antiforgery token of the page at <paramref name="path"/>.</summary>
    public async Task<string> TokenAsync(string path)
    {
        var html = await Http.GetStringAsync(path, TestContext.Current.CancellationToken);
        return TokenField().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{path} has no antiforgery token.");
    }

    /// <summary>Posts the sign-in form; <paramref name="forwardedProto"/> is what a proxy would say of the visitor's scheme.</summary>
    public async Task<HttpResponseMessage> PostSignInAsync(string email, string password, string? forwardedProto = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await TokenAsync("/signin"),
                ["email"] = email,
                ["password"] = password,
                ["returnUrl"] = "/",
            }),
        };
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in and returns where the answer sends the visitor (the inbox, or the sign-in page with its refusal).</summary>
    public async Task<string> SignInAsync(string email, string password)
    {
        using var answer = await PostSignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return answer.Headers.Location!.OriginalString;
    }

    /// <summary>POSTs a console form with the antiforgery token of <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, params KeyValuePair<string, string>[] fields) =>
        await Http.PostAsync(action, new FormUrlEncodedContent([new("__RequestVerificationToken", await TokenAsync(page)), .. fields]), TestContext.Current.CancellationToken);

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>Sends the cookies kept; keeps what each answer sets, drops what it expires.</summary>
    private sealed class CookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> Names => [.. _cookies.Keys];

        public string Header => string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", Header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (value.Length == 0 || set.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }

            return response;
        }
    }
}
