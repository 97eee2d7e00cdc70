using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Webchat.Hub.Storage;

/// <summary>The SQLite store: the default, embedded, nothing to set up.</summary>
public sealed class SqliteHubDbContext(DbContextOptions<SqliteHubDbContext> options) : HubDbContext(options)
{
    /// <summary>SQLite keeps times as Unix milliseconds (see <see cref="UnixMillisecondsConverter"/>).</summary>
    internal override object TimeValue(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no time type; as Unix milliseconds times compare and sort in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
}

/// <summary>Lets <c>dotnet ef migrations add --context SqliteHubDbContext</c> build the model without starting the hub.</summary>
public sealed class SqliteHubDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteHubDbContext>
{
    public SqliteHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteHubDbContext>().UseSqlite("Data Source=design.db").Options);
}
