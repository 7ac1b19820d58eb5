namespace Insure.Grains.Blobs;

/// <summary>
/// Opaque binary content (claim attachments), kept per tenant under ids the platform generates; user-supplied names
/// never reach a store. Chosen with the storage mode: memory, PostgreSQL, or a directory (`Insure:Blobs:Directory`).
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store under <paramref name="blobId"/>, hashing it on the way. If reading
    /// the content fails (for instance a size limit throws), nothing is kept and the exception propagates.
    /// </summary>
    Task<StoredBlob> PutAsync(Tenant tenant, string blobId, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The blob's bytes for reading (the caller disposes the stream), or null when the tenant has no such blob.</summary>
    Task<Stream?> OpenAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default);

    Task DeleteAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default);
}
