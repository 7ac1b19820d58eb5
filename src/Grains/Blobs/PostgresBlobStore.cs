using Npgsql;
using NpgsqlTypes;

namespace Insure.Grains.Blobs;

/// <summary>
/// Blobs in the `insure_blobs` table, so every silo and Api node on the database serves them. Content is spooled to a
/// temporary file while it is hashed (never held whole in memory), then streamed into a bytea column; reads go back
/// through a temporary file so the connection is not held while a client downloads.
/// </summary>
internal sealed class PostgresBlobStore(NpgsqlDataSource dataSource) : IBlobStore
{
    public async Task<StoredBlob> PutAsync(Tenant tenant, string blobId, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobCopy.CheckId(blobId);
        await using var spool = TemporaryFile();
        var stored = await BlobCopy.CopyAsync(content, spool, cancellationToken);
        spool.Position = 0;
        await using var command = dataSource.CreateCommand(
            "INSERT INTO insure_blobs (tenant, id, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6) " +
            "ON CONFLICT (tenant, id) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256, content = excluded.content");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = blobId });
        command.Parameters.Add(new NpgsqlParameter { Value = contentType });
        command.Parameters.Add(new NpgsqlParameter { Value = stored.Size });
        command.Parameters.Add(new NpgsqlParameter { Value = stored.Sha256 });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = spool, Size = checked((int)stored.Size) });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return stored;
    }

    public async Task<Stream?> OpenAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT content FROM insure_blobs WHERE tenant = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = blobId });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var copy = TemporaryFile();
        try
        {
            await using (var column = await reader.GetStreamAsync(0, cancellationToken))
            {
                await column.CopyToAsync(copy, cancellationToken);
            }
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    public async Task DeleteAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM insure_blobs WHERE tenant = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = blobId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"insure-blob-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
