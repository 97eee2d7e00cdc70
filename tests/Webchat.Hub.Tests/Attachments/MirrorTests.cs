using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Attachments;
using Webchat.Hub.Tests.Infrastructure;
using Webchat.Protocol;

namespace Webchat.Hub.Tests.Attachments;

/// <summary>The hub copies each file a provider sends into its own files, and serves the copy like an upload.</summary>
public sealed class MirrorTests : IDisposable
{
    private static readonly byte[] Picture = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8];

    private readonly List<string> _folders = [];

    public void Dispose()
    {
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task An_inbound_file_is_copied_once_and_served_from_the_hub(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var hub = await StartAsync(store);
        var url = files.Put("photo.png", Picture, "image/png");
        var task = await SendAsync(hub, new Attachment("photo.png", url));

        var mirrored = await MirroredUrlAsync(hub, task, 0);

        using var client = hub.CreateClient();
        using var response = await client.GetAsync(mirrored, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Picture, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(1, files.Requests("photo.png"));

        // The provider's link stays as it came.
        var file = (await AttachmentsAsync(hub, task))[0];
        Assert.Equal(url, file.GetProperty("url").GetString());
        Assert.False(file.GetProperty("copyFailed").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_loopback_link_is_refused_without_a_request_when_private_addresses_are_not_allowed(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var hub = await HubHost.StartAsync(store, settings => settings["Hub:Uploads:Folder"] = Folder());
        var task = await SendAsync(hub, new Attachment("secret.txt", files.Put("secret.txt", "internal"u8.ToArray())));

        var file = await CopyFailedAsync(hub, task, 0);
        Assert.True(file.GetProperty("mirroredUrl").ValueKind == JsonValueKind.Null);
        Assert.Equal(0, files.AllRequests);
        var copy = await CopyAsync(hub);
        Assert.Equal(AttachmentCopyState.Failed, copy.State);
        Assert.Contains("not a public one", copy.Error, StringComparison.Ordinal);
        Assert.Equal(1, copy.Attempts);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_file_over_the_cap_is_not_kept(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var hub = await StartAsync(store, settings => settings["Hub:Attachments:MaxBytes"] = "8");
        var task = await SendAsync(hub, new Attachment("big.png", files.Put("big.png", Picture, "image/png")));

        await CopyFailedAsync(hub, task, 0);
        Assert.Equal(1, files.Requests("big.png"));
        Assert.Contains("larger than 8 bytes", (await CopyAsync(hub)).Error, StringComparison.Ordinal);
        Assert.Equal(0, await hub.ReadAsync(db => db.Uploads.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_redirect_is_followed_and_a_failed_fetch_is_retried_after_its_wait(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var hub = await StartAsync(store);
        var target = files.Put("moved.png", Picture, "image/png");
        files.ThenAnswer("photo.png", 503);
        files.ThenAnswer("photo.png", 302, target);
        var task = await SendAsync(hub, new Attachment("photo.png", files.UrlOf("photo.png")));

        // The first fetch failed: the copy waits for its next turn on the hub's clock.
        await Eventually.TrueAsync(
            async () => await hub.ReadAsync(db => db.AttachmentCopies.AnyAsync(c => c.State == AttachmentCopyState.Pending && c.Attempts == 1, TestContext.Current.CancellationToken)),
            "the first fetch to fail");
        var copy = await CopyAsync(hub);
        Assert.Equal(hub.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), copy.DueAt);
        Assert.Contains("503", copy.Error, StringComparison.Ordinal);

        hub.Clock.Advance(TimeSpan.FromSeconds(30));
        var mirrored = await MirroredUrlAsync(hub, task, 0);
        using var client = hub.CreateClient();
        Assert.Equal(Picture, await client.GetByteArrayAsync(mirrored, TestContext.Current.CancellationToken));
        Assert.Equal(2, files.Requests("photo.png"));
        Assert.Equal(1, files.Requests("moved.png"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Files_that_came_while_mirroring_was_off_are_copied_after_a_restart_with_it_on(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var testStore = await TestStore.CreateAsync(store);
        var folder = Folder();
        long task;
        await using (var off = await HubHost.StartAsync(testStore, settings => settings["Hub:Attachments:Mirror"] = "false"))
        {
            task = await SendAsync(off, new Attachment("a.png", files.Put("a.png", Picture, "image/png")), new Attachment("b.png", files.Put("b.png", Picture, "image/png")));
            Assert.All(await AttachmentsAsync(off, task), a => Assert.Equal(JsonValueKind.Null, a.GetProperty("mirroredUrl").ValueKind));
            Assert.Equal(0, files.AllRequests);
        }

        await using var on = await HubHost.StartAsync(testStore, settings => Allow(settings, folder));
        await MirroredUrlAsync(on, task, 0);
        await MirroredUrlAsync(on, task, 1);
        Assert.Equal(2, files.AllRequests);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Two_hubs_on_one_store_fetch_each_file_once(StoreKind store)
    {
        await using var files = await FileServer.StartAsync();
        await using var testStore = await TestStore.CreateAsync(store);
        var folder = Folder();
        await using var first = await HubHost.StartAsync(testStore, settings => Allow(settings, folder));
        await using var second = await HubHost.StartAsync(testStore, settings => Allow(settings, folder));
        var tasks = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var name = $"f{i}.png";
            tasks.Add(await SendAsync(i % 2 == 0 ? first : second, new Attachment(name, files.Put(name, Picture, "image/png")), chatId: $"chat-{i}"));
        }

        foreach (var task in tasks)
        {
            await MirroredUrlAsync(first, task, 0);
        }

        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(1, files.Requests($"f{i}.png")));
    }

    /// <summary>An uploads folder of the test's own, removed at its end.</summary>
    private string Folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "webchat-mirror-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        return folder;
    }

    private static void Allow(Dictionary<string, string?> settings, string folder)
    {
        settings["Hub:Attachments:AllowPrivateAddresses"] = "true";
        settings["Hub:Uploads:Folder"] = folder;
    }

    private Task<HubHost> StartAsync(StoreKind store, Action<Dictionary<string, string?>>? configure = null)
    {
        var folder = Folder();
        return HubHost.StartAsync(store, settings =>
        {
            Allow(settings, folder);
            configure?.Invoke(settings);
        });
    }

    private static async Task<long> SendAsync(HubHost hub, Attachment first, Attachment? second = null, string chatId = "chat-1")
    {
        using var provider = hub.Provider();
        var command = TestData.Message(chatId: chatId, contactId: chatId, text: "See the file") with { Attachments = second is null ? [first] : [first, second] };
        return (await provider.SendOkAsync(command)).Number;
    }

    private static async Task<List<JsonElement>> AttachmentsAsync(HubHost hub, long task)
    {
        using var api = hub.Operator();
        using var json = JsonDocument.Parse(await api.GetStringAsync($"/api/tasks/{task}", TestContext.Current.CancellationToken));
        return [.. json.RootElement.GetProperty("messages")[0].GetProperty("attachments").EnumerateArray().Select(a => a.Clone())];
    }

    private static async Task<string> MirroredUrlAsync(HubHost hub, long task, int position)
    {
        string? mirrored = null;
        await Eventually.TrueAsync(
            async () => (mirrored = (await AttachmentsAsync(hub, task))[position].GetProperty("mirroredUrl").GetString()) is not null,
            $"file {position} of task {task} to be copied");
        Assert.StartsWith("/files/", mirrored, StringComparison.Ordinal);
        return mirrored!;
    }

    private static async Task<JsonElement> CopyFailedAsync(HubHost hub, long task, int position)
    {
        JsonElement file = default;
        await Eventually.TrueAsync(
            async () => (file = (await AttachmentsAsync(hub, task))[position]).GetProperty("copyFailed").GetBoolean(),
            $"the copy of file {position} of task {task} to fail");
        return file;
    }

    private static Task<AttachmentCopy> CopyAsync(HubHost hub) =>
        hub.ReadAsync(db => db.AttachmentCopies.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken));
}
