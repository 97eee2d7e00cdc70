using System.Text.RegularExpressions;
using System.Xml.Linq;
using Webchat.Hub.Localization;

namespace Webchat.Hub.Tests.Console;

/// <summary>
/// The resource files (src/Webchat.Hub/Localization): every language has every key, no translation is
/// empty or loses a placeholder, and every text the console's code asks for is in them, so no page
/// shows an untranslated word or a raw key.
/// </summary>
public sealed partial class ResourceFileTests
{
    private static readonly string Folder = Path.Combine(Repository.Root, "src", "Webchat.Hub", "Localization");

    [Theory]
    [InlineData("ConsoleText")]
    [InlineData("ProblemText")]
    public void Every_language_has_every_key_of_the_english_file_with_its_placeholders(string area)
    {
        var english = Read(Path.Combine(Folder, area + ".resx"));
        var languages = Directory.GetFiles(Folder, area + ".*.resx");
        Assert.NotEmpty(languages);
        foreach (var file in languages)
        {
            var translated = Read(file);
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in translated)
            {
                Assert.False(string.IsNullOrWhiteSpace(value), $"{Path.GetFileName(file)}: '{key}' is empty.");
                Assert.Equal(Placeholders(english[key]), Placeholders(value));
            }
        }
    }

    [Theory]
    [InlineData("ConsoleText")]
    [InlineData("ProblemText")]
    public void No_two_keys_differ_only_in_case_which_the_resource_compiler_would_merge(string area)
    {
        var keys = Read(Path.Combine(Folder, area + ".resx")).Keys;
        Assert.Empty(keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)));
    }

    [Fact]
    public void Every_text_the_console_asks_for_is_in_the_resource_files()
    {
        var keys = Read(Path.Combine(Folder, "ConsoleText.resx")).Keys.ToHashSet(StringComparer.Ordinal);
        var console = Path.Combine(Repository.Root, "src", "Webchat.Hub", "Console");
        var asked = Directory.EnumerateFiles(console, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => Asked().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: Regex.Unescape(m.Groups[1].Value))))
            .ToList();
        Assert.True(asked.Count > 150, $"Only {asked.Count} texts found: has the way pages ask for texts changed?");
        Assert.Empty(asked.Where(a => !keys.Contains(a.Key)).Select(a => $"{a.File}: {a.Key}").Distinct());
    }

    [Fact]
    public void The_hub_speaks_english_and_russian()
    {
        Assert.Equal(["en", "ru"], Languages.All.Select(c => c.Name));
        Assert.Equal("Русский", Languages.NativeName(Languages.Find("ru-RU")!));
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    // L["…"] in pages, T("…") in form handlers.
    [GeneratedRegex("""(?:\bL\[|\bT\()"((?:[^"\\]|\\.)*)"[,\])]""")]
    private static partial Regex Asked();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}

/// <summary>The repository's root (where Webchat.slnx is), above the test's folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Webchat.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository's root (Webchat.slnx) is not above the test's folder.");
    }
}
