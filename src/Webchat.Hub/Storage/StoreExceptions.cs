namespace Webchat.Hub.Storage;

/// <summary>
/// The store could not take a write (an outage, a full queue, or the hub is stopping): send it again.
/// Nothing of the write was kept, unless <see cref="MayHaveCommitted"/>: the commit itself broke off,
/// and only the store knows whether it went through.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException, bool mayHaveCommitted = false) : Exception(message, innerException)
{
    public bool MayHaveCommitted { get; } = mayHaveCommitted;
}

/// <summary>The store refused the write's data (not an outage): sending it again would fail again. Nothing of it was kept.</summary>
public sealed class StoreRejectedException(string message, Exception innerException) : Exception(message, innerException);
