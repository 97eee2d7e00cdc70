using System.Data.Common;
using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>
/// A write's common case as one PostgreSQL statement. The <see cref="StoreWriter"/> sends the
/// statements of a whole batch in one round trip (<see cref="NpgsqlBatch"/>) ahead of the batch's
/// other writes; a statement that yields no row did not apply (the case was not the common one),
/// and its write's full form runs instead, in the same transaction. On SQLite, where a statement is
/// a call within the process, only the full form runs.
/// </summary>
public abstract class BatchedStatement<T>
{
    /// <summary>The statement with its parameter values, made when the batch runs.</summary>
    internal abstract NpgsqlBatchCommand Command();

    /// <summary>The write's result from the statement's row, or false when it yielded none.</summary>
    internal abstract bool TryRead(DbDataReader reader, out T result);
}
