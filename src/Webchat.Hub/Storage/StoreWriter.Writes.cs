using System.Data.Common;
using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>A write waiting for the writer, with the caller's completion.</summary>
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

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class Write<T>(Func<HubDbContext, CancellationToken, Task<T>> write, string? orderKey, BatchedStatement<T>? statement, StoreWriter writer) : IWrite
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
}
