using System.Net;
using Webchat.Hub.Tests.Infrastructure;

namespace Webchat.Hub.Tests.Uploads;

/// <summary>Files a crash left staged without a stored reply are removed when the hub starts; stored ones stay.</summary>
public sealed class UploadSweepTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task A_start_removes_files_left_by_a_crash_and_keeps_the_stored_ones(StoreKind store)
    {
        await using var outbound = await OutboundHub.StartAsync(store);
        var task = await outbound.ContactWritesAsync("chat-1");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TestData.AgentEmail), "authorEmail" },
            { new ByteArrayContent("kept"u8.ToArray()), "files", "kept.txt" },
        };
        var accepted = await outbound.ReplyAsync(task, form);
        await outbound.WaitForStateAsync(accepted.Number("deliveryId"), "delivered");
        var url = new Uri(Assert.Single(outbound.Receiver.Accepted[0].Form.GetAll("attachments[url]")));
        await outbound.Hub.StopAsync();

        // What a crash between staging a file and storing its reply leaves, written a day before the start.
        var dayBefore = outbound.Hub.Clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var orphan = Path.Combine(outbound.UploadsFolder, new string('a', 32));
        var partial = Path.Combine(outbound.UploadsFolder, new string('b', 32) + ".part");
        foreach (var path in new[] { orphan, partial })
        {
            await File.WriteAllTextAsync(path, "left behind", TestContext.Current.CancellationToken);
            File.SetLastWriteTimeUtc(path, dayBefore);
        }

        foreach (var stored in Directory.GetFiles(outbound.UploadsFolder))
        {
            File.SetLastWriteTimeUtc(stored, dayBefore);
        }

        await outbound.Hub.StartAsync();

        await Eventually.TrueAsync(() => !File.Exists(orphan) && !File.Exists(partial), "the files left by the crash to be removed");
        using var anonymous = new HttpClient();
        using var file = await anonymous.GetAsync(new Uri(outbound.Hub.BaseAddress, url.PathAndQuery), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("kept", await file.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
