using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Webchat.Hub.Storage;

/// <summary>The PostgreSQL store, chosen with <c>Hub:Storage:Provider=Postgres</c>.</summary>
public sealed class PostgresHubDbContext(DbContextOptions<PostgresHubDbContext> options) : HubDbContext(options)
{
    internal override object TimeValue(DateTimeOffset time) => time.ToUniversalTime();
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresHubDbContext</c> build the model without a server.</summary>
public sealed class PostgresHubDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresHubDbContext>
{
    public PostgresHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresHubDbContext>().UseNpgsql("Host=localhost;Database=webchat_design").Options);
}
