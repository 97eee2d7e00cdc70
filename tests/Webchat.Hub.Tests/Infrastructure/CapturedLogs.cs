using System.Collections.Concurrent;

namespace Webchat.Hub.Tests.Infrastructure;

/// <summary>One log entry as a log sink would keep it: the text, the exception and every structured value.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyList<string> Values)
{
    /// <summary>Everything of the entry a sink could write out.</summary>
    public string AllText => string.Join('\n', [Category, Message, Exception ?? string.Empty, .. Values]);
}

/// <summary>Every log of a hub, at every level, for tests that check what the hub writes to its logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => [.. _entries];

    /// <summary>Adds the capture to a hub's builder: <c>HubHost.StartAsync(store, customize: logs.AddTo)</c>.</summary>
    public void AddTo(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddProvider(this);
        builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => $"{p.Key}={p.Value}").ToList()
                : [];
            sink._entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception?.ToString(), values));
        }
    }
}
