using Insure.Grains.Storage.Postgres;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Insure.Grains.Hosting;

/// <summary>Client-mode Api: applies the schema (for the query tables) before the Orleans client connects.</summary>
public sealed class PostgresSchemaHostedService(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => PostgresSchema.Apply(dataSource, cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
