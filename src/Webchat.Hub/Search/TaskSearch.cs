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
    public Task<IReadOnlyList<long>> FindTaskNumbersAsync(string query, TaskSearchFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return FindAsync(query, limit, (terms, postgres, command) =>
        {
            Add(command, "messages", terms.Match(postgres, withPhone: false));
            Add(command, "scan", MaxScannedMatches);
            var filters = "";
            if (filter.Status is { } status)
            {
                filters += """ AND t."Status" = @status""";
                Add(command, "status", (int)status);
            }

            if (filter.IntegrationId is { } integrationId)
            {
                filters += """ AND t."IntegrationId" = @integration""";
                Add(command, "integration", integrationId);
            }

            if (filter.Channel is { } channel)
            {
                filters += """ AND ch."Channel" = @channel""";
                Add(command, "channel", channel);
            }

            return SearchSql.Tasks(postgres, byChannel: filter.Channel is not null, filters);
        }, cancellationToken);
    }

    /// <summary>The numbers of the contacts whose name, last name, phone or e-mail match <paramref name="query"/>, newest first, at most <paramref name="limit"/> (capped at <see cref="MaxResults"/>).</summary>
    public Task<IReadOnlyList<long>> FindContactNumbersAsync(string query, int? integrationId, int limit, CancellationToken cancellationToken) =>
        FindAsync(query, limit, (_, postgres, command) =>
        {
            if (integrationId is not { } id)
            {
                return SearchSql.Contacts(postgres, "");
            }

            Add(command, "integration", id);
            return SearchSql.Contacts(postgres, """ AND c."IntegrationId" = @integration""");
        }, cancellationToken);

    /// <summary>
    /// Runs the statement <paramref name="build"/> makes (adding its own parameters) with the words
    /// matched against contacts as <c>@contacts</c> and the bound as <c>@limit</c>.
    /// </summary>
    private async Task<IReadOnlyList<long>> FindAsync(string query, int limit, Func<SearchTerms, bool, DbCommand, string> build, CancellationToken cancellationToken)
    {
        var terms = SearchTerms.Parse(query);
        if (terms.IsEmpty || limit < 1)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postgres = db is PostgresHubDbContext;
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        Add(command, "contacts", terms.Match(postgres, withPhone: true));
        command.CommandText = build(terms, postgres, command);
        Add(command, "limit", Math.Min(limit, MaxResults));
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
