using System.Net;
using Insure.Grains.Idempotency;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Insure.Grains.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace Insure.Grains.Hosting;

/// <summary>Client-mode Api: applies the schema (for the query tables) before the Orleans client connects.</summary>
public sealed class PostgresSchemaHostedService(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => PostgresSchema.Apply(dataSource, cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
