using System.Data.Common;
using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>A write waiting for the writer, with its committed hook and the caller's completion.</summary>
public sealed partial class StoreWriter
{
    private interface IWrite
    {
        /// <summary>How many races this write lost so far.</summary>
        int Conflicts { get; set; }

        /// <summary>The write's chat, when its order among the batch's writes matters; null otherwise.</summary>
        string? OrderKey { get; }

        /// <summary>Whether the write's statement applied in this attempt, leaving its full form out.</summary>
        bool Applied { get; set; }

        NpgsqlBatchCommand? Statement();

        /// <summary>Reads the statement's result; sets <see cref="Applied"/> when it yielded a row.</summary>
        void ReadStatement(DbDataReader reader);

        Task RunAsync(HubDbContext db, CancellationToken cancellationToken);

        /// <summary>The batch committed: runs the write's hook, then completes its caller's task.</summary>
        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Write<T>(
        Func<HubDbContext, CancellationToken, Task<T>> write,
        string? orderKey,
        BatchedStatement<T>? statement,
        Action<T>? committed,
        StoreWriter writer) : IWrite
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Conflicts { get; set; }

        public string? OrderKey => orderKey;

        public bool Applied { get; set; }

        public NpgsqlBatchCommand? Statement() => statement?.Command();

        public void ReadStatement(DbDataReader reader)
        {
            Applied = statement!.TryRead(reader, out var result);
            _result = result;
        }

        public async Task RunAsync(HubDbContext db, CancellationToken cancellationToken) => _result = await write(db, cancellationToken);

        public void Complete()
        {
            if (committed is not null)
            {
                try
                {
                    committed(_result!);
                }
#pragma warning disable CA1031 // The write is durable whatever its hook does: the caller hears of the commit, the log of the hook.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    LogHookFailed(writer._logger, exception);
                }
            }

            if (Completion.TrySetResult(_result!))
            {
                Interlocked.Decrement(ref writer._waiting);
            }
        }

        public void Fail(Exception exception)
        {
            if (Completion.TrySetException(exception))
            {
                Interlocked.Decrement(ref writer._waiting);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A committed write's hook failed; the write stays committed and its caller is answered")]
    private static partial void LogHookFailed(ILogger logger, Exception exception);
}
