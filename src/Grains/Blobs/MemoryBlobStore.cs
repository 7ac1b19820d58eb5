using System.Collections.Concurrent;

namespace Insure.Grains.Blobs;

/// <summary>Blobs in process memory: memory storage mode, where everything is gone at restart anyway.</summary>
internal sealed class MemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<(Tenant, string), byte[]> _blobs = new();

    public async Task<StoredBlob> PutAsync(Tenant tenant, string blobId, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobCopy.CheckId(blobId);
        using var buffer = new MemoryStream();
        var stored = await BlobCopy.CopyAsync(content, buffer, cancellationToken);
        // Added only once the whole content has been read: a failed upload leaves nothing behind.
        _blobs[(tenant, blobId)] = buffer.ToArray();
        return stored;
    }

    public Task<Stream?> OpenAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(_blobs.TryGetValue((tenant, blobId), out var bytes) ? new MemoryStream(bytes, writable: false) : null);

    public Task DeleteAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default)
    {
        _blobs.TryRemove((tenant, blobId), out _);
        return Task.CompletedTask;
    }
}
