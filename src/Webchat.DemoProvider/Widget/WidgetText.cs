using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

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

    public static WebApplicationBuilder AddWidgetText(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            var languages = Languages();
            options.DefaultRequestCulture = new RequestCulture(languages[0]);
            options.SupportedCultures = languages;
            options.SupportedUICultures = languages;
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapWidgetText(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/text", (IStringLocalizer<WidgetText> text) => TypedResults.Ok(new WidgetTexts(
            CultureInfo.CurrentUICulture.Name,
            text.GetAllStrings(includeParentCultures: true).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal))));
        return endpoints;
    }

    private static List<CultureInfo> Languages()
    {
        var satellite = typeof(WidgetText).Assembly.GetName().Name + ".resources.dll";
        var others = Directory.EnumerateDirectories(AppContext.BaseDirectory)
            .Where(folder => File.Exists(Path.Combine(folder, satellite)))
            .Select(folder => Path.GetFileName(folder))
            .Where(name => name != "en")
            .Order(StringComparer.Ordinal)
            .Select(name => CultureInfo.GetCultureInfo(name));
        return [CultureInfo.GetCultureInfo("en"), .. others];
    }
}

/// <summary>Every text of the widget in one language.</summary>
public sealed record WidgetTexts(string Language, IReadOnlyDictionary<string, string> Texts);
