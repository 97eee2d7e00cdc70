using System.Globalization;

namespace Webchat.Bench.Inbox;

/// <summary>
/// The memory open consoles cost the hub: its resident set (VmRSS) before, and with
/// <see cref="InboxOptions.Consoles"/> consoles signed in, each with its live stream open (what an
/// open page holds on to; the first one reads the inbox too, so its page's code is loaded).
/// </summary>
internal static class OpenConsoles
{
    public static async Task<string> MeasureAsync(InboxOptions options, HubClients hub, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var before = ResidentMiB(options.HubPid);
        var sessions = new List<HttpClient>();
        var streams = new List<HttpResponseMessage>();
        using var open = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (var i = 0; i < options.Consoles; i++)
            {
                var session = await hub.SignInAsync(cancellationToken) ?? throw new InvalidOperationException("A console could not sign in.");
                sessions.Add(session);
                if (i == 0)
                {
                    await HubClients.GetAsync(session, "/", cancellationToken);
                }

                streams.Add(await session.GetAsync("/live", HttpCompletionOption.ResponseHeadersRead, open.Token));
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var after = ResidentMiB(options.HubPid);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"INBOX_MEMORY consoles={options.Consoles} before_mib={before:F1} after_mib={after:F1} added_mib={after - before:F1} live_streams={streams.Count(s => s.IsSuccessStatusCode)}");
        }
        finally
        {
            await open.CancelAsync();
            foreach (var stream in streams)
            {
                stream.Dispose();
            }

            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    private static double ResidentMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }
}
