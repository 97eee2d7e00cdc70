using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>
/// A hub whose integration <see cref="TestData.ProviderId"/> delivers to a real <see cref="ProviderReceiver"/>,
/// with its uploads in a temp folder, and the operator's and provider's moves the outbound tests make.
/// </summary>
public sealed class OutboundHub : IAsyncDisposable
{
    public const string TaskEmailPattern = "task+{number}@hub.example.com";

    private HttpClient? _operator;
    private Uri? _operatorBase;

    private OutboundHub(HubHost hub, ProviderReceiver receiver, string uploads)
    {
        Hub = hub;
        Receiver = receiver;
        UploadsFolder = uploads;
    }

    public HubHost Hub { get; }

    public ProviderReceiver Receiver { get; }

    public string UploadsFolder { get; }

    /// <summary>The operator API, authenticated; follows the hub across restarts (each start takes a new port).</summary>
    public HttpClient Operator
    {
        get
        {
            if (_operator is null || _operatorBase != Hub.BaseAddress)
            {
                _operator?.Dispose();
                _operator = Hub.Operator();
                _operatorBase = Hub.BaseAddress;
            }

            return _operator;
        }
    }

    public static async Task<OutboundHub> StartAsync(StoreKind store, Action<Dictionary<string, string?>>? configure = null, Action<WebApplicationBuilder>? customize = null)
    {
        var receiver = await ProviderReceiver.StartAsync();
        var uploads = Directory.CreateTempSubdirectory("webchat-uploads-").FullName;
        try
        {
            var hub = await HubHost.StartAsync(store, settings =>
            {
                settings["Hub:Integrations:0:ProviderUrl"] = receiver.Url.ToString();
                settings["Hub:Uploads:Folder"] = uploads;
                settings["Hub:Delivery:TaskEmailPattern"] = TaskEmailPattern;
                configure?.Invoke(settings);
            },
            customize);
            return new OutboundHub(hub, receiver, uploads);
        }
        catch
        {
            await receiver.DisposeAsync();
            Directory.Delete(uploads, recursive: true);
            throw;
        }
    }

    /// <summary>A contact writes in <paramref name="chatId"/>; returns the number of the task it lands in.</summary>
    public async Task<long> ContactWritesAsync(string chatId, string contactId = "contact-1", string text = "Hello", string? channel = null, string? phone = null)
    {
        using var provider = Hub.Provider();
        var command = new NewMessageCommand(TestData.ProviderId, chatId, text, new ContactDetails(contactId, "Ivan", "Ivanov", Phone: phone), Channel: channel);
        return (await provider.SendOkAsync(command)).Number;
    }

    /// <summary>An employee replies in task <paramref name="task"/>; returns the 202's body.</summary>
    public async Task<JsonElement> ReplyAsync(long task, string text, string author = TestData.AgentEmail, params ReplyLink[] attachments)
    {
        using var response = await PostReplyAsync(task, new { text, authorEmail = author, attachments });
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    /// <summary>An employee replies in task <paramref name="task"/> with <paramref name="content"/> (a multipart form with files); returns the 202's body.</summary>
    public async Task<JsonElement> ReplyAsync(long task, HttpContent content)
    {
        using var response = await PostReplyAsync(task, content);
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    /// <summary>Posts a reply to task <paramref name="task"/> as JSON.</summary>
    public Task<HttpResponseMessage> PostReplyAsync(long task, object body) =>
        Operator.PostAsJsonAsync($"/api/tasks/{task}/messages", body, TestContext.Current.CancellationToken);

    /// <summary>Posts a reply to task <paramref name="task"/> exactly as given: a multipart form with files, any content type.</summary>
    public Task<HttpResponseMessage> PostReplyAsync(long task, HttpContent content) =>
        Operator.PostAsync($"/api/tasks/{task}/messages", content, TestContext.Current.CancellationToken);

    public Task<JsonElement> DeliveryAsync(long id) => Operator.GetJsonAsync($"/api/deliveries/{id}");

    /// <summary>A page of the delivery log: <c>GET /api/deliveries?{query}</c>.</summary>
    public Task<JsonElement> DeliveriesAsync(string query = "") => Operator.GetJsonAsync($"/api/deliveries?{query}");

    /// <summary>Waits until <paramref name="count"/> deliveries are in <paramref name="state"/>.</summary>
    public Task WaitForCountAsync(string state, int count, TimeSpan? limit = null) => Eventually.TrueAsync(
        async () => (await DeliveriesAsync($"state={state}&pageSize=1")).Number("totalCount") >= count,
        $"{count} deliveries to be {state}",
        limit);

    /// <summary>Waits until delivery <paramref name="id"/> satisfies <paramref name="condition"/>, and returns it.</summary>
    public async Task<JsonElement> WaitForDeliveryAsync(long id, Func<JsonElement, bool> condition, string what)
    {
        JsonElement delivery = default;
        await Eventually.TrueAsync(async () => condition(delivery = await DeliveryAsync(id)), () => $"delivery {id} to be {what}; it is {delivery}");
        return delivery;
    }

    public Task<JsonElement> WaitForStateAsync(long id, string state) =>
        WaitForDeliveryAsync(id, d => d.Text("state") == state, state);

    /// <summary>Waits until the delivery has had <paramref name="attempts"/> attempts recorded.</summary>
    public Task<JsonElement> WaitForAttemptsAsync(long id, int attempts) =>
        WaitForDeliveryAsync(id, d => d.GetProperty("attempts").GetArrayLength() >= attempts, $"attempted {attempts} time(s)");

    /// <summary>Moves the hub's clock to <paramref name="at"/> (never back).</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        var by = at - Hub.Clock.GetUtcNow();
        if (by > TimeSpan.Zero)
        {
            Hub.Clock.Advance(by);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _operator?.Dispose();
        await Hub.DisposeAsync();
        await Receiver.DisposeAsync();
        Directory.Delete(UploadsFolder, recursive: true);
    }
}

/// <summary>An attachment link as the operator API takes it.</summary>
public sealed record ReplyLink(string Name, string Url);

/// <summary>Waiting for a background worker: polls an observable condition, within a bounded real time.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null) => TrueAsync(condition, () => what, limit);

    /// <summary>As above; <paramref name="what"/> is asked only on failure, so it can tell what was seen last.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? limit = null)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > (limit ?? DefaultLimit))
            {
                Assert.Fail($"Waited {(limit ?? DefaultLimit).TotalSeconds} s for {what()}.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null) => TrueAsync(() => Task.FromResult(condition()), what, limit);
}
