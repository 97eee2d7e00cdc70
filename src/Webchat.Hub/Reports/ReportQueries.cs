using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Webchat.Hub.Console.Work;
using Webchat.Hub.Integrations;
using Webchat.Hub.Messages;
using Webchat.Hub.Storage;

namespace Webchat.Hub.Reports;

/// <summary>Counts a period's work in SQL (see <see cref="ReportSql"/>) and puts the report together.</summary>
public sealed class ReportQueries(IDbContextFactory<HubDbContext> contexts, IntegrationRegistry registry)
{
    /// <summary>The most tasks a duration's percentiles are computed over: the period's newest.</summary>
    public const int MaxDurations = 10_000;

    /// <summary>At most this many channels are listed, the busiest first.</summary>
    public const int MaxChannels = 100;

    public async Task<ReportSummary> SummaryAsync(ReportPeriod period, int? integrationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postgres = db is PostgresHubDbContext;
        var filtered = integrationId is not null;
        await db.Database.OpenConnectionAsync(cancellationToken);

        var days = new Dictionary<long, Counts>();
        var channels = new Dictionary<string, Counts>(StringComparer.Ordinal);
        var employees = new Dictionary<int, Counts>();
        var noChannel = new Counts();
        var total = new Counts();

        await ReadAsync(db, ReportSql.NewTasks(postgres, filtered), period, integrationId, r =>
        {
            var count = Count(r, 2);
            At(days, r.GetInt64(0)).NewTasks += count;
            (r.IsDBNull(1) ? noChannel : At(channels, r.GetString(1))).NewTasks += count;
            total.NewTasks += count;
        }, cancellationToken);
        await ReadAsync(db, ReportSql.Messages(postgres, filtered), period, integrationId, r =>
        {
            var direction = (MessageDirection)Count(r, 3);
            var count = Count(r, 4);
            At(days, r.GetInt64(0)).Add(direction, count);
            (r.IsDBNull(1) ? noChannel : At(channels, r.GetString(1))).Add(direction, count);
            if (!r.IsDBNull(2))
            {
                At(employees, Count(r, 2)).Add(direction, count);
            }

            total.Add(direction, count);
        }, cancellationToken);

        var firstResponses = new List<long>();
        await ReadAsync(db, ReportSql.FirstResponses(filtered), period, integrationId, r =>
        {
            if (!r.IsDBNull(1))
            {
                firstResponses.Add(Seconds(TimeOf(r.GetValue(0)), TimeOf(r.GetValue(1))));
            }
        }, cancellationToken);
        var resolutions = new List<long>();
        await ReadAsync(db, ReportSql.Resolutions(filtered), period, integrationId, r =>
            resolutions.Add(Seconds(TimeOf(r.GetValue(0)), TimeOf(r.GetValue(1)))), cancellationToken);

        var byDay = Enumerable.Range(0, period.Days).Select(i =>
        {
            var day = period.From.AddDays(i);
            var counts = days.GetValueOrDefault(day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) ?? new Counts();
            return new ReportDay(day, counts.NewTasks, counts.MessagesIn, counts.RepliesOut, counts.Notes);
        }).ToList();
        var byChannel = channels.Select(c => new ReportChannel(c.Key, c.Value.NewTasks, c.Value.MessagesIn, c.Value.RepliesOut, c.Value.Notes))
            .Append(new ReportChannel(null, noChannel.NewTasks, noChannel.MessagesIn, noChannel.RepliesOut, noChannel.Notes))
            .Where(c => c.NewTasks + c.MessagesIn + c.RepliesOut + c.Notes > 0)
            .OrderByDescending(c => c.NewTasks + c.MessagesIn + c.RepliesOut + c.Notes).ThenBy(c => c.Channel, StringComparer.Ordinal)
            .Take(MaxChannels)
            .ToList();
        var byEmployee = employees
            .Where(e => e.Value.RepliesOut + e.Value.Notes > 0)
            .Select(e => registry.FindEmployee(e.Key) is { } employee
                ? new ReportEmployee(employee.Email, EmployeeNames.Of(employee), e.Value.RepliesOut, e.Value.Notes)
                : new ReportEmployee(string.Create(CultureInfo.InvariantCulture, $"#{e.Key}"), "Unknown", e.Value.RepliesOut, e.Value.Notes))
            .OrderByDescending(e => e.RepliesOut + e.Notes).ThenBy(e => e.Email, StringComparer.Ordinal)
            .ToList();
        return new ReportSummary(
            period.From,
            period.To,
            integrationId is { } id ? registry.FindById(id)?.ProviderId : null,
            total.NewTasks,
            total.MessagesIn,
            total.RepliesOut,
            total.Notes,
            Percentiles(firstResponses),
            Percentiles(resolutions),
            byDay,
            byEmployee,
            byChannel);
    }

    /// <summary>The 50th and 90th percentiles by nearest rank.</summary>
    internal static ReportDurations Percentiles(List<long> seconds)
    {
        if (seconds.Count == 0)
        {
            return new ReportDurations(0, null, null);
        }

        seconds.Sort();
        return new ReportDurations(seconds.Count, Rank(seconds, 0.5), Rank(seconds, 0.9));

        static long Rank(List<long> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static async Task ReadAsync(HubDbContext db, string sql, ReportPeriod period, int? integrationId, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Set("from", db.TimeValue(period.Start));
        command.Set("to", db.TimeValue(period.End));
        command.Set("bound", MaxDurations);
        if (integrationId is { } id)
        {
            command.Set("integration", id);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }

    /// <summary>A time as the store gave it back: Unix milliseconds (SQLite) or a UTC timestamp (PostgreSQL).</summary>
    private static DateTimeOffset TimeOf(object value) => value switch
    {
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        _ => throw new InvalidOperationException($"A time came back from the store as {value.GetType().Name}."),
    };

    private static int Count(DbDataReader reader, int column) => Convert.ToInt32(reader.GetValue(column), CultureInfo.InvariantCulture);

    private static long Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (long)(to - from).TotalSeconds);

    private static Counts At<TKey>(Dictionary<TKey, Counts> counts, TKey key)
        where TKey : notnull
    {
        if (!counts.TryGetValue(key, out var found))
        {
            found = new Counts();
            counts[key] = found;
        }

        return found;
    }

    private sealed class Counts
    {
        public int NewTasks { get; set; }

        public int MessagesIn { get; set; }

        public int RepliesOut { get; set; }

        public int Notes { get; set; }

        public void Add(MessageDirection direction, int count)
        {
            switch (direction)
            {
                case MessageDirection.FromContact:
                    MessagesIn += count;
                    break;
                case MessageDirection.Echo or MessageDirection.ToContact:
                    RepliesOut += count;
                    break;
                case MessageDirection.Note:
                    Notes += count;
                    break;
            }
        }
    }
}
