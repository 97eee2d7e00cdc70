namespace Webchat.DemoProvider.Widget;

/// <summary>
/// The widget's words: <c>WidgetText.resx</c> (English) and one <c>WidgetText.&lt;language&gt;.resx</c> per
/// other language, found by its satellite folder, so adding a language is adding one file. The page's
/// script asks for them all (<c>GET /api/text</c>) in the visitor's language (<c>Accept-Language</c>).
/// </summary>
public sealed class WidgetText
{
    private WidgetText()
    {
    }
}

/// <summary>Every text of the widget in one language.</summary>
public sealed record WidgetTexts(string Language, IReadOnlyDictionary<string, string> Texts);
