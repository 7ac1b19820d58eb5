using System.Security.Cryptography;
using Insure.Grains.Blobs;

namespace Insure.Grains.Tests.Blobs;

/// <summary>The directory blob store on a real temporary directory.</summary>
public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("insure-blob-tests-");
    private static readonly Tenant Acme = new("org_acme", "test");
    private static readonly Tenant Other = new("org_other", "test");

    public void Dispose() => _directory.Delete(recursive: true);

    private sealed class FailingStream(int failAfter) : MemoryStream(new byte[failAfter * 2])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= failAfter ? throw new IOException("connection reset") : base.ReadAsync(buffer[..Math.Min(buffer.Length, failAfter)], cancellationToken);
    }

    [Fact]
    public async Task Put_HashesAndKeeps_TheBytes_PerTenant()
    {
        var store = new FileSystemBlobStore(_directory.FullName);
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var stored = await store.PutAsync(Acme, "att_1", new MemoryStream(bytes), "application/pdf");
        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(Path.Combine(_directory.FullName, "org_acme", "test", "att_1"), Assert.Single(_directory.GetFiles("*", SearchOption.AllDirectories)).FullName);

        await using (var read = await store.OpenAsync(Acme, "att_1"))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        Assert.Null(await store.OpenAsync(Other, "att_1"));
        await store.DeleteAsync(Acme, "att_1");
        Assert.Null(await store.OpenAsync(Acme, "att_1"));
    }

    [Fact]
    public async Task AFailedUpload_LeavesNoFile()
    {
        var store = new FileSystemBlobStore(_directory.FullName);
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(Acme, "att_2", new FailingStream(100_000), "application/pdf"));
        Assert.Empty(_directory.GetFiles("*", SearchOption.AllDirectories));
        Assert.Null(await store.OpenAsync(Acme, "att_2"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task IdsThatCouldNameAPath_AreRefused(string id)
    {
        var store = new FileSystemBlobStore(_directory.FullName);
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(Acme, id, new MemoryStream([1]), "text/plain"));
        Assert.Empty(_directory.GetFiles("*", SearchOption.AllDirectories));
    }
}
