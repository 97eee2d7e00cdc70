using Microsoft.Net.Http.Headers;

namespace Webchat.Hub.Storage;

/// <summary>
/// Whether the store has been brought up to date. The server binds its port before the store is
/// migrated (so a hub that cannot have its port touches nothing); requests that come in meanwhile
/// wait here for the store instead of finding it half made.
/// </summary>
public sealed class StoreReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    internal void Ready() => _ready.TrySetResult();

    internal void Failed(Exception exception) => _ready.TrySetException(exception);
}

public static class StoreReadinessMiddleware
{
    /// <summary>Holds requests until the store is ready; liveness is answered at once.</summary>
    public static IApplicationBuilder UseStoreReadiness(this IApplicationBuilder app, PathString alwaysOpen)
    {
        ArgumentNullException.ThrowIfNull(app);
        var readiness = app.ApplicationServices.GetRequiredService<StoreReadiness>();
        return app.Use((context, next) => readiness.IsReady || context.Request.Path.StartsWithSegments(alwaysOpen)
            ? next(context)
            : WaitThenAsync(readiness, context, next));
    }

    /// <summary>
    /// Every 503 the hub answers (the store is out, or the writer's queue is full) tells the caller when to
    /// come back, so a full queue sheds load at once instead of growing.
    /// </summary>
    public static IApplicationBuilder UseRetryAfterWhenUnavailable(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (response.StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey(HeaderNames.RetryAfter))
                {
                    response.Headers.RetryAfter = "1";
                }

                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
    }

    private static async Task WaitThenAsync(StoreReadiness readiness, HttpContext context, RequestDelegate next)
    {
        await readiness.WaitAsync(context.RequestAborted);
        await next(context);
    }
}
