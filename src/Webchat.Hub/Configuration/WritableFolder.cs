namespace Webchat.Hub.Configuration;

/// <summary>Finds out at start, not at the first write, whether the hub can keep files in a folder.</summary>
internal static class WritableFolder
{
    /// <summary>Creates <paramref name="folder"/> if needed and writes a probe file in it; null when that works, else why not.</summary>
    public static string? Problem(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, ".write-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception.Message;
        }
    }
}
