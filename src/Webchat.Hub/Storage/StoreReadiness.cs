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

    private static async Task WaitThenAsync(StoreReadiness readiness, HttpContext context, RequestDelegate next)
    {
        await readiness.WaitAsync(context.RequestAborted);
        await next(context);
    }
}
