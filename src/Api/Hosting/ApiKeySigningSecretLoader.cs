using System.Security.Cryptography;
using Insure.Api.Infrastructure;
using Insure.Grains.Hosting;

namespace Insure.Api.Hosting;

/// <summary>
/// Loads the secret that tags API keys before the server takes requests: the configured one; else, with Postgres,
/// the one in the database (created by the first node), so keys work on every Api node and after restarts; else a
/// fresh one for this process, whose keys live only in its memory anyway.
/// </summary>
internal sealed class ApiKeySigningSecretLoader(InsureOptions options, ApiOptions api, ApiKeySigner signer, IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (api.KeySigningSecret is { Length: > 0 } configured)
        {
            signer.Load(System.Text.Encoding.UTF8.GetBytes(configured));
        }
        else if (options.Storage == StorageKind.Postgres)
        {
            var dataSource = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
            signer.Load(await Insure.Grains.Storage.Postgres.PostgresSecrets.GetOrCreate(
                dataSource, "api_key_signing", RandomNumberGenerator.GetBytes(32), cancellationToken));
        }
        else
        {
            signer.Load(RandomNumberGenerator.GetBytes(32));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
