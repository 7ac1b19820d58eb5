namespace Insure.Grains.Blobs;

/// <summary>
/// Blobs as files under `Insure:Blobs:Directory` (a volume every node mounts): `{directory}/{orgId}/{environment}/{blobId}`.
/// Every path segment is a platform-generated id, never a name a user sent. A file appears under its final name only
/// once complete (written to a temporary name, then moved).
/// </summary>
internal sealed class FileSystemBlobStore(string directory) : IBlobStore
{
    private readonly string _root = Path.GetFullPath(directory);

    public async Task<StoredBlob> PutAsync(Tenant tenant, string blobId, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(tenant, blobId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            StoredBlob stored;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                stored = await BlobCopy.CopyAsync(content, file, cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
            return stored;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<Stream?> OpenAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(tenant, blobId);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(tenant, blobId));
        return Task.CompletedTask;
    }

    private string PathOf(Tenant tenant, string blobId) =>
        Path.Combine(_root, BlobCopy.CheckId(tenant.OrgId), BlobCopy.CheckId(tenant.Environment), BlobCopy.CheckId(blobId));
}
