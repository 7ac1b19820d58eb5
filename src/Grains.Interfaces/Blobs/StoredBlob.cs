namespace Insure.Grains.Blobs;

/// <summary>What a store kept: the byte count and the SHA-256 of the content (lowercase hex).</summary>
public sealed record StoredBlob(long Size, string Sha256);
