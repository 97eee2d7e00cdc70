using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Storage;
using Webchat.Hub.Tasks;

namespace Webchat.Hub.Search;

/// <summary>What a task search is narrowed to besides its words; null means any.</summary>
/// <param name="Status">Active or completed tasks only.</param>
/// <param name="IntegrationId">The tasks of one integration (its store id, <see cref="Integrations.Integration.Id"/>).</param>
/// <param name="Channel">The tasks whose chat came through this provider channel.</param>
public sealed record TaskSearchFilter(ChatTaskStatus? Status = null, int? IntegrationId = null, string? Channel = null)
{
    public static TaskSearchFilter None { get; } = new();
}

/// <summary>
/// Full-text search over the store: tasks by their contact's name, last name, phone or e-mail or by
/// the text of any of their messages; contacts by name, phone or e-mail. Cyrillic is matched
/// without regard to case (and "ё" as "е"); the last word typed matches as a prefix; every word
/// must match within one message or one contact. Any text is a valid query: what is not a letter
/// or a digit only separates words. Answers are bounded by <see cref="MaxResults"/>.
/// </summary>
public sealed class TaskSearch(IDbContextFactory<HubDbContext> contexts)
{
    /// <summary>The most numbers one search answers, however many match.</summary>
    public const int MaxResults = 1000;

    /// <summary>
    /// How many of the newest matching messages (and, apart, contacts) a task search looks at; it
    /// answers the tasks of those. A word in fewer messages finds every task it is in; a word in
    /// nearly every message finds the tasks of its most recent uses, and costs no more than that.
    /// </summary>
    public const int MaxScannedMatches = 10 * MaxResults;

    /// <summary>The longest search text the operator API takes; longer text only adds words past <see cref="SearchTerms.MaxWords"/>.</summary>
    public const int MaxQueryLength = 256;

    /// <summary>The numbers of the tasks that match <paramref name="query"/> and <paramref name="filter"/>, newest first, at most <paramref name="limit"/> (capped at <see cref="MaxResults"/>).</summary>
    public async Task<IReadOnlyList<long>> FindTaskNumbersAsync(string query, TaskSearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var terms = SearchTerms.Parse(query);
        if (terms.IsEmpty || limit < 1)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postgres = db is PostgresHubDbContext;
        await using var command = await CommandAsync(db, cancellationToken);
        var sql = SearchSql.Tasks(postgres, byChannel: filter.Channel is not null);
        Add(command, "messages", postgres ? terms.ToTsQuery(withPhone: false) : terms.ToFts5(withPhone: false));
        Add(command, "contacts", postgres ? terms.ToTsQuery(withPhone: true) : terms.ToFts5(withPhone: true));
        if (filter.Status is { } status)
        {
            sql += """ AND t."Status" = @status""";
            Add(command, "status", (int)status);
        }

        if (filter.IntegrationId is { } integrationId)
        {
            sql += """ AND t."IntegrationId" = @integration""";
            Add(command, "integration", integrationId);
        }

        if (filter.Channel is { } channel)
        {
            sql += """ AND ch."Channel" = @channel""";
            Add(command, "channel", channel);
        }

        command.CommandText = sql + SearchSql.TaskOrder;
        Add(command, "scan", MaxScannedMatches);
        Add(command, "limit", Math.Min(limit, MaxResults));
        return await ReadNumbersAsync(command, cancellationToken);
    }

    /// <summary>The numbers of the contacts whose name, last name, phone or e-mail match <paramref name="query"/>, newest first, at most <paramref name="limit"/> (capped at <see cref="MaxResults"/>).</summary>
    public async Task<IReadOnlyList<long>> FindContactNumbersAsync(string query, int? integrationId, int limit, CancellationToken cancellationToken)
    {
        var terms = SearchTerms.Parse(query);
        if (terms.IsEmpty || limit < 1)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postgres = db is PostgresHubDbContext;
        await using var command = await CommandAsync(db, cancellationToken);
        var sql = SearchSql.Contacts(postgres);
        Add(command, "contacts", postgres ? terms.ToTsQuery(withPhone: true) : terms.ToFts5(withPhone: true));
        if (integrationId is { } id)
        {
            sql += """ AND c."IntegrationId" = @integration""";
            Add(command, "integration", id);
        }

        command.CommandText = sql + SearchSql.ContactOrder;
        Add(command, "limit", Math.Min(limit, MaxResults));
        return await ReadNumbersAsync(command, cancellationToken);
    }

    private static async Task<DbCommand> CommandAsync(HubDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db.Database.GetDbConnection().CreateCommand();
    }

    private static async Task<IReadOnlyList<long>> ReadNumbersAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var numbers = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            numbers.Add(reader.GetInt64(0));
        }

        return numbers;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
