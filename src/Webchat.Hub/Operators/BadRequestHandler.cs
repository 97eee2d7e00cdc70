using Microsoft.AspNetCore.Diagnostics;

namespace Webchat.Hub.Operators;

/// <summary>
/// A request the framework could not bind (a route's <c>{number}</c> that is not a number, say) gets a
/// ProblemDetails 400 naming the parameter, in every environment, instead of a 500 or an empty 400.
/// </summary>
internal sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "The request is not valid",
                Detail = bad.Message,
            },
        });
    }
}
