using Microsoft.AspNetCore.Diagnostics;

namespace Webchat.Hub.Storage;

/// <summary>
/// A read or write that meets an outage of the store (a lost connection, an exhausted pool, a busy SQLite
/// file) outside the paths that already answer it gets a ProblemDetails 503, which
/// <see cref="StoreReadiness"/> gives a Retry-After, instead of a 500: the caller can send it again.
/// </summary>
internal sealed partial class StoreOutageHandler(IProblemDetailsService problems, ILogger<StoreOutageHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException && !StoreErrors.IsTransient(exception))
        {
            return false;
        }

        LogOutage(logger, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store is unavailable",
                Detail = "The hub could not reach its store; nothing was changed by this request. Try again.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store was unavailable for {Path}; answered 503")]
    private static partial void LogOutage(ILogger logger, string path, Exception exception);
}
