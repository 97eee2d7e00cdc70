using Microsoft.AspNetCore.Antiforgery;
using Webchat.Hub.Delivery;
using Webchat.Hub.Storage;
using static Webchat.Hub.Localization.ConsoleText;

namespace Webchat.Hub.Console;

/// <summary>The console's form posts: each checks its antiforgery token and answers with a redirect to a page.</summary>
internal static class ConsoleForms
{
    /// <summary>
    /// Refuses a post without a valid antiforgery token before the handler runs. The body is buffered
    /// first, so a handler that reads it raw (a reply with files) still can.
    /// </summary>
    public static TBuilder ChecksAntiforgery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            http.Request.EnableBuffering();
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(
                    "The form did not carry a valid antiforgery token: reload the page and send it again.",
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "The form has expired");
            }

            http.Request.Body.Position = 0;
            return await next(context);
        });

    /// <summary>Sends a failed delivery again (the delivery log's own retry) and goes back to <paramref name="page"/> saying how it went.</summary>
    public static async Task<IResult> RetryAsync(Outbox outbox, long deliveryId, string page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        try
        {
            var retry = await outbox.RetryAsync(deliveryId, cancellationToken);
            return retry.Refusal switch
            {
                RetryRefusal.None => Back(page, notice: T("The message is sent again.")),
                RetryRefusal.Delivering => Back(page, error: T("That message is being sent right now.")),
                RetryRefusal.Delivered => Back(page, error: T("That message was delivered already.")),
                RetryRefusal.Behind => Back(page, error: T("An earlier message of the chat goes first: retry delivery {0} first.", retry.Ahead)),
                _ => Back(page, error: T("There is no delivery {0}.", deliveryId)),
            };
        }
        catch (StoreUnavailableException)
        {
            return Back(page, error: T("The store could not take the change; nothing was changed. Try again."));
        }
    }

    /// <summary>A redirect back to a console page, with a line for it to show once (see <see cref="Notices"/>).</summary>
    public static IResult Back(string path, string? notice = null, string? error = null) => Notices.Back(path, notice, error);
}
