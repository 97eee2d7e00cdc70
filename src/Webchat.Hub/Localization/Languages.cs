using System.Globalization;

namespace Webchat.Hub.Localization;

/// <summary>
/// The languages the hub speaks: English, and every language whose resource files were built beside
/// the hub (a satellite folder such as <c>ru/</c>), so adding a language is adding its resource files.
/// </summary>
public static class Languages
{
    public const string Default = "en";

    private static readonly Lazy<IReadOnlyList<CultureInfo>> Found = new(Find);

    /// <summary>English first, then the others by their code.</summary>
    public static IReadOnlyList<CultureInfo> All => Found.Value;

    /// <summary>The supported language <paramref name="code"/> names ("ru", "ru-RU"), or null.</summary>
    public static CultureInfo? Find(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var wanted = code.Trim();
        return All.FirstOrDefault(c => string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(c => wanted.StartsWith(c.Name + "-", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A language's name in itself, capitalized ("English", "Русский").</summary>
    public static string NativeName(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var name = culture.NativeName;
        return name.Length == 0 ? culture.Name : char.ToUpper(name[0], culture) + name[1..];
    }

    private static List<CultureInfo> Find()
    {
        var satellite = typeof(Languages).Assembly.GetName().Name + ".resources.dll";
        var others = Directory.EnumerateDirectories(AppContext.BaseDirectory)
            .Where(folder => File.Exists(Path.Combine(folder, satellite)))
            .Select(folder => Path.GetFileName(folder))
            .Where(name => name != Default)
            .Order(StringComparer.Ordinal)
            .Select(Culture)
            .OfType<CultureInfo>();
        return [Culture(Default) ?? CultureInfo.InvariantCulture, .. others];
    }

    /// <summary>Null without culture data: a process in invariant mode (one that hosts the hub without ICU) keeps English only.</summary>
    private static CultureInfo? Culture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}
