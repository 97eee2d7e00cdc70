using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;
using Webchat.Hub.Console.Accounts;

namespace Webchat.Hub.Localization;

/// <summary>
/// Which language a request is answered in: the signed-in employee's own choice (a claim of their
/// account), else the browser's <c>Accept-Language</c>, else English. Dates and numbers follow it.
/// </summary>
public static class LocalizationSetup
{
    private static readonly ResourceManager Problems = new(typeof(ProblemText));

    public static IServiceCollection AddHubLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Languages.Default);
            options.SupportedCultures = [.. Languages.All];
            options.SupportedUICultures = [.. Languages.All];
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(http => Task.FromResult(
                    http.User.Language() is { } language ? new ProviderCultureResult(language) : null)),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        // Every problem the hub answers (the API's, the console's forms') reads in the caller's language.
        services.AddProblemDetails(options => options.CustomizeProblemDetails += context =>
        {
            var culture = CultureOf(context.HttpContext);
            var problem = context.ProblemDetails;
            problem.Title = Translate(problem.Title, culture);
            problem.Detail = Translate(problem.Detail, culture);
        });
        return services;
    }

    /// <summary>After authorization: the console's policies put the employee's cookie identity on the request first.</summary>
    public static IApplicationBuilder UseHubLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    private static string? Translate(string? text, CultureInfo culture) =>
        text is null ? null : Problems.GetString(text, culture) ?? text;

    /// <summary>
    /// The request's language; a problem written before the localization middleware ran (an API key
    /// refused while authenticating) reads the Accept-Language header itself.
    /// </summary>
    private static CultureInfo CultureOf(HttpContext http) =>
        http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? BrowserCulture(http);

    /// <summary>The first supported language of the request's Accept-Language, else English.</summary>
    public static CultureInfo BrowserCulture(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var accepted = http.Request.GetTypedHeaders().AcceptLanguage;
        return accepted.OrderByDescending(a => a.Quality ?? 1)
            .Select(a => Languages.Find(a.Value.Value))
            .FirstOrDefault(c => c is not null) ?? CultureInfo.GetCultureInfo(Languages.Default);
    }
}
