using Npgsql;

namespace Webchat.Hub.Storage;

/// <summary>The writer's PostgreSQL statements: a batch's common cases in one round trip (<see cref="BatchedStatement{T}"/>).</summary>
public sealed partial class StoreWriter
{
    /// <summary>
    /// Sends the statements of the batch's writes in one round trip, ahead of the full forms, and
    /// marks the writes they applied. A write whose chat has an earlier write in the batch that takes
    /// its full form takes its full form too, so a chat's messages keep their order. False when the
    /// results cannot stand: a statement failed (the transaction is aborted), or one applied while
    /// an earlier one of its chat did not.
    /// </summary>
    private bool RunStatements(NpgsqlTransaction transaction, List<IWrite> items)
    {
        var sent = new List<IWrite>();
        var fullForm = new HashSet<string>(StringComparer.Ordinal);
        using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var item in items)
        {
            if (item.OrderKey is not { } key)
            {
                continue;
            }

            if (fullForm.Contains(key) || item.Statement() is not { } command)
            {
                fullForm.Add(key);
                continue;
            }

            batch.BatchCommands.Add(command);
            sent.Add(item);
        }

        if (sent.Count == 0)
        {
            return true;
        }

        try
        {
            using var reader = batch.ExecuteReader();
            for (var i = 0; i < sent.Count; i++)
            {
                if (i > 0)
                {
                    reader.NextResult();
                }

                sent[i].ReadStatement(reader);
            }
        }
        catch (PostgresException exception)
        {
            LogStatementsFailed(_logger, exception.Message);
            return false;
        }

        fullForm.Clear();
        foreach (var item in items)
        {
            if (item.OrderKey is not { } key)
            {
                continue;
            }

            if (!item.Applied)
            {
                fullForm.Add(key);
            }
            else if (fullForm.Contains(key))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batched statement failed; the batch runs again with each write in its full form: {Reason}")]
    private static partial void LogStatementsFailed(ILogger logger, string reason);
}
