namespace Insure.Grains.Hosting;

/// <summary>Where blobs (claim attachments) are kept.</summary>
public sealed class BlobSettings
{
    /// <summary>
    /// A directory (shared by every node, e.g. a mounted volume) to keep blobs in as files. Unset: blobs follow the
    /// storage mode (process memory, or the `insure_blobs` table in PostgreSQL).
    /// </summary>
    public string? Directory { get; set; }
}
