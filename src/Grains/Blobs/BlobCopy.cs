using System.Buffers;
using System.Security.Cryptography;

namespace Insure.Grains.Blobs;

/// <summary>Copies content in small chunks while counting and hashing it, so no store needs the whole blob in memory.</summary>
internal static class BlobCopy
{
    private const int ChunkSize = 81920;

    public static async Task<StoredBlob> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }
            return new StoredBlob(size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Blob ids are generated (`att_...`); anything else is refused before it can name a file or a row.</summary>
    public static string CheckId(string blobId) =>
        blobId.Length is > 0 and <= 100 && blobId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? blobId
            : throw new ArgumentException("A blob id is 1..100 ASCII letters, digits, '_' or '-'", nameof(blobId));
}
