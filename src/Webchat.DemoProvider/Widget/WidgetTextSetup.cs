using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Webchat.DemoProvider.Widget;

/// <summary>The widget's languages: the visitor's (Accept-Language) among those with resource files, and <c>GET /api/text</c>.</summary>
public static class WidgetTextSetup
{
    public static WebApplicationBuilder AddWidgetText(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLocalization();
        // Problems written by name (busy, too many requests, a read mark lost) read in the visitor's language too.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails += context =>
        {
            var words = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<WidgetText>>();
            if (context.ProblemDetails.Title is { } title && words[title] is { ResourceNotFound: false } translated)
            {
                context.ProblemDetails.Title = translated;
            }
        });
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
