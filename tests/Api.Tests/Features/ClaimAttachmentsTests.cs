using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Insure.Api.Tests.Infrastructure;
using Insure.Grains;
using Insure.Grains.Blobs;
using Insure.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace Insure.Api.Tests.Features;

/// <summary>Claim attachments over HTTP: multipart upload, list, download, and the size, type and tenant refusals.</summary>
[Collection(ApiCollection.Name)]
public sealed class ClaimAttachmentsTests(InsureApplication app)
{
    private sealed class ConfiguredApplication(IDictionary<string, string?> settings) : InsureApplication(settings);

    /// <summary>A new organization with a bound GL policy and an open claim on it; returns the client and the claim id.</summary>
    public static async Task<(HttpClient Client, string ClaimId)> FiledClaim(InsureApplication app)
    {
        var (_, key) = await app.CreateOrganization();
        var client = app.CreateClient(key);
        var today = app.TodayOf(client);
        static string Day(DateOnly date) => date.ToString("yyyy-MM-dd");
        var submission = await client.PostAsJsonAsync("/v1/submissions", new
        {
            insuredName = "Attachments Ltd",
            naicsCode = "541511",
            annualRevenue = 3_650_000,
            requestedLimit = 1_000_000,
            deductible = 5_000,
            effectiveDate = Day(today.AddDays(-60)),
            state = "TX",
            lineOfBusiness = "GL",
        });
        var submissionId = (await submission.Json()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/v1/submissions/{submissionId}/quote", null)).StatusCode);
        var bound = await client.PostAsJsonAsync($"/v1/submissions/{submissionId}/bind", new { installmentPlan = "PIF" });
        Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        var policyId = (await bound.Json()).GetProperty("id").GetString();
        var claim = await client.PostAsJsonAsync("/v1/claims", new
        {
            policyId,
            dateOfLoss = Day(today.AddDays(-10)),
            description = "Water damage in the server room",
            claimant = new { name = "Pat Visitor" },
        });
        Assert.True(claim.StatusCode == HttpStatusCode.Created, await claim.Content.ReadAsStringAsync());
        return (client, (await claim.Json()).GetProperty("id").GetString()!);
    }

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType, string field = "file", string? boundary = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var form = boundary is null ? new MultipartFormDataContent() : new MultipartFormDataContent(boundary);
        form.Add(new StringContent("a note"), "note");
        form.Add(file, field, fileName);
        return form;
    }

    public static async Task<JsonElement> Upload(HttpClient client, string claimId, byte[] bytes, string fileName, string contentType = "application/pdf")
    {
        var response = await client.PostAsync($"/v1/claims/{claimId}/attachments", Form(bytes, fileName, contentType));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Json();
        Assert.Equal($"/v1/claims/{claimId}/attachments/{body.GetProperty("id").GetString()}", response.Headers.Location!.OriginalString);
        return body;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Upload_List_Download_RoundTripByteForByte()
    {
        var (client, claimId) = await FiledClaim(app);
        // Larger than the Api's general 1 MiB body limit: the upload endpoint has its own.
        var report = RandomBytes(1_500_000);
        var photo = RandomBytes(70_000);

        var first = await Upload(client, claimId, report, "adjuster report.pdf");
        Assert.StartsWith("att_", first.GetProperty("id").GetString());
        Assert.Equal("claim_attachment", first.GetProperty("object").GetString());
        Assert.Equal(claimId, first.GetProperty("claimId").GetString());
        Assert.Equal("adjuster report.pdf", first.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", first.GetProperty("contentType").GetString());
        Assert.Equal(report.Length, first.GetProperty("size").GetInt64());
        Assert.Equal(Sha256(report), first.GetProperty("sha256").GetString());
        Assert.Equal("api_key", first.GetProperty("createdBy").GetProperty("type").GetString());
        Assert.True(first.TryGetProperty("createdAt", out _));
        var second = await Upload(client, claimId, photo, "photo.PNG", "image/png");

        var list = await (await client.GetAsync($"/v1/claims/{claimId}/attachments")).Json();
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(new[] { second.GetProperty("id").GetString()!, first.GetProperty("id").GetString()! },
            list.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray());
        var paged = await (await client.GetAsync($"/v1/claims/{claimId}/attachments?page=2&page_size=1")).Json();
        Assert.Equal(first.GetProperty("id").GetString(), paged.GetProperty("data")[0].GetProperty("id").GetString());

        var download = await client.GetAsync($"/v1/claims/{claimId}/attachments/{first.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=\"adjuster report.pdf\"", download.Content.Headers.GetValues("Content-Disposition").Single());
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(report, downloaded);
        Assert.Equal(first.GetProperty("sha256").GetString(), Sha256(downloaded));
        Assert.Equal(photo, await client.GetByteArrayAsync($"/v1/claims/{claimId}/attachments/{second.GetProperty("id").GetString()}"));
    }

    [Fact]
    public async Task Attachments_AreAccepted_OnADeniedClaim()
    {
        var (client, claimId) = await FiledClaim(app);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/v1/claims/{claimId}/deny", new { reason = "Not covered" })).StatusCode);
        await Upload(client, claimId, RandomBytes(100), "denial letter.txt", "text/plain");
    }

    [Fact]
    public async Task FileNames_AreSanitised_AndNonAsciiNamesUseFilenameStar()
    {
        var (client, claimId) = await FiledClaim(app);
        var traversal = await Upload(client, claimId, RandomBytes(10), "../../etc/pass\u0001wd.txt", "text/plain");
        Assert.Equal("passwd.txt", traversal.GetProperty("fileName").GetString());
        var windows = await Upload(client, claimId, RandomBytes(10), "C:\\Users\\me\\claim.pdf");
        Assert.Equal("claim.pdf", windows.GetProperty("fileName").GetString());
        var longName = await Upload(client, claimId, RandomBytes(10), new string('a', 300) + ".pdf");
        Assert.Equal(new string('a', 196) + ".pdf", longName.GetProperty("fileName").GetString());

        var accented = await Upload(client, claimId, RandomBytes(10), "Schäden.pdf");
        Assert.Equal("Schäden.pdf", accented.GetProperty("fileName").GetString());
        var download = await client.GetAsync($"/v1/claims/{claimId}/attachments/{accented.GetProperty("id").GetString()}");
        Assert.Equal("attachment; filename=\"Sch_den.pdf\"; filename*=UTF-8''Sch%C3%A4den.pdf",
            download.Content.Headers.GetValues("Content-Disposition").Single());
    }

    [Fact]
    public async Task ARefusedType_Gets415()
    {
        var (client, claimId) = await FiledClaim(app);
        var response = await client.PostAsync($"/v1/claims/{claimId}/attachments", Form(RandomBytes(10), "run.exe", "application/x-msdownload"));
        var error = await response.AssertError(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal("application/x-msdownload", error.GetProperty("details").GetProperty("contentType").GetString());
        Assert.Equal(0, (await (await client.GetAsync($"/v1/claims/{claimId}/attachments")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task NotMultipart_OrNoFileField_Gets400()
    {
        var (client, claimId) = await FiledClaim(app);
        await (await client.PostAsJsonAsync($"/v1/claims/{claimId}/attachments", new { file = "x" })).AssertError(HttpStatusCode.BadRequest, "bad_request");
        var missing = await (await client.PostAsync($"/v1/claims/{claimId}/attachments", Form(RandomBytes(10), "a.pdf", "application/pdf", field: "document")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("file", missing.GetProperty("details").GetProperty("field").GetString());
        await (await client.PostAsync($"/v1/claims/{claimId}/attachments", Form([], "empty.pdf", "application/pdf")))
            .AssertError(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AnotherTenantsClaim_Is404()
    {
        var (client, claimId) = await FiledClaim(app);
        var attachmentId = (await Upload(client, claimId, RandomBytes(10), "a.pdf")).GetProperty("id").GetString();
        var (other, _) = await FiledClaim(app);

        await (await other.PostAsync($"/v1/claims/{claimId}/attachments", Form(RandomBytes(10), "b.pdf", "application/pdf")))
            .AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"/v1/claims/{claimId}/attachments")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await other.GetAsync($"/v1/claims/{claimId}/attachments/{attachmentId}")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"/v1/claims/{claimId}/attachments/att_unknown")).AssertError(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync("/v1/claims/clm_unknown/attachments")).AssertError(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task BeyondTheConfiguredSize_Gets413_AndKeepsNothing()
    {
        await using var small = new ConfiguredApplication(new Dictionary<string, string?> { ["Insure:Claims:MaxAttachmentBytes"] = "1000" });
        var (client, claimId) = await FiledClaim(small);
        await Upload(client, claimId, RandomBytes(1000), "at the limit.pdf");

        var response = await client.PostAsync($"/v1/claims/{claimId}/attachments", Form(RandomBytes(1001), "over.pdf", "application/pdf"));
        var error = await response.AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal("1000", error.GetProperty("details").GetProperty("limit").GetString());
        // A body whose declared length is beyond the endpoint's limit is refused before it is read.
        await (await client.PostAsync($"/v1/claims/{claimId}/attachments", Form(RandomBytes(200_000), "far over.pdf", "application/pdf")))
            .AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(1, (await (await client.GetAsync($"/v1/claims/{claimId}/attachments")).Json()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OtherEndpoints_KeepTheGeneralBodyLimit()
    {
        var (client, _) = await FiledClaim(app);
        var big = new StringContent(new string(' ', 1024 * 1024 + 1), System.Text.Encoding.UTF8, "application/json");
        await (await client.PostAsync("/v1/claims", big)).AssertError(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task WithABlobDirectory_FilesAreStoredUnderGeneratedIds()
    {
        var directory = Directory.CreateTempSubdirectory("insure-blobs-");
        try
        {
            await using var onDisk = new ConfiguredApplication(new Dictionary<string, string?> { ["Insure:Blobs:Directory"] = directory.FullName });
            var (client, claimId) = await FiledClaim(onDisk);
            var bytes = RandomBytes(300_000);
            var attachment = await Upload(client, claimId, bytes, "../../../outside.pdf");
            var id = attachment.GetProperty("id").GetString()!;

            var files = directory.GetFiles("*", SearchOption.AllDirectories);
            var file = Assert.Single(files);
            Assert.Equal(id, file.Name);
            Assert.StartsWith(directory.FullName, file.FullName);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(file.FullName));
            Assert.Equal(bytes, await client.GetByteArrayAsync($"/v1/claims/{claimId}/attachments/{id}"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AnUploadWithAnIdempotencyKey_IsRecordedOnce()
    {
        var (client, claimId) = await FiledClaim(app);
        var bytes = RandomBytes(400_000);
        // The same request twice: the same bytes, so the boundary is fixed (a new one would make it a different body).
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/claims/{claimId}/attachments") { Content = Form(bytes, "once.pdf", "application/pdf", boundary: "same-boundary-each-time") };
            request.Headers.Add("Idempotency-Key", "upload-1");
            return await client.SendAsync(request);
        }
        var first = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var again = await Send();
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((await first.Json()).GetProperty("id").GetString(), (await again.Json()).GetProperty("id").GetString());
        Assert.Equal(1, (await (await client.GetAsync($"/v1/claims/{claimId}/attachments")).Json()).GetProperty("total").GetInt32());
        Assert.Equal(bytes, await client.GetByteArrayAsync(first.Headers.Location!.OriginalString));
    }

    /// <summary>
    /// The embedded Api whose claim grains cannot write their state while <see cref="FailClaimWrites"/> is set (as when the
    /// database is unreachable), with the memory blob store it really uses, watched for what it keeps.
    /// </summary>
    private sealed class FailingClaimStorageApplication() : InsureApplication(null)
    {
        public volatile bool FailClaimWrites;
        public ConcurrentDictionary<string, bool> Kept { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            GrainStorageDecoration.Decorate(services, Names.Storage, (_, storage) => new FailingWrites(storage, this));
            services.RemoveAll<IBlobStore>();
            services.AddSingleton<IBlobStore>(new WatchedBlobs(new MemoryBlobStore(), Kept));
        }

        private sealed class FailingWrites(IGrainStorage inner, FailingClaimStorageApplication app) : IGrainStorage
        {
            public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

            public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
                app.FailClaimWrites && grainId.Type.ToString() == "claim"
                    ? throw new InvalidOperationException("grain storage unreachable")
                    : inner.WriteStateAsync(stateName, grainId, grainState);

            public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
        }

        private sealed class WatchedBlobs(IBlobStore inner, ConcurrentDictionary<string, bool> kept) : IBlobStore
        {
            public async Task<StoredBlob> PutAsync(Tenant tenant, string blobId, Stream content, string contentType, CancellationToken cancellationToken = default)
            {
                var stored = await inner.PutAsync(tenant, blobId, content, contentType, cancellationToken);
                kept[blobId] = true;
                return stored;
            }

            public Task<Stream?> OpenAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default) => inner.OpenAsync(tenant, blobId, cancellationToken);

            public async Task DeleteAsync(Tenant tenant, string blobId, CancellationToken cancellationToken = default)
            {
                await inner.DeleteAsync(tenant, blobId, cancellationToken);
                kept.TryRemove(blobId, out _);
            }
        }
    }

    [Fact]
    public async Task AnUploadTheClaimCouldNotRecord_LeavesNoBlobBehind()
    {
        await using var failing = new FailingClaimStorageApplication();
        var (client, claimId) = await FiledClaim(failing);
        var kept = await Upload(client, claimId, RandomBytes(10_000), "first.pdf");

        failing.FailClaimWrites = true;
        var refused = await client.PostAsync($"/v1/claims/{claimId}/attachments", Form(RandomBytes(20_000), "lost.pdf", "application/pdf"));
        Assert.True((int)refused.StatusCode >= 500, $"{refused.StatusCode}");
        failing.FailClaimWrites = false;

        // The claim has only the first attachment, and the store only its bytes: the second upload's blob was removed.
        var listed = await (await client.GetAsync($"/v1/claims/{claimId}/attachments")).Json();
        Assert.Equal([kept.GetProperty("id").GetString()], listed.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal([kept.GetProperty("id").GetString()!], failing.Kept.Keys);
        await Upload(client, claimId, RandomBytes(30_000), "again.pdf");
        Assert.Equal(2, failing.Kept.Count);
    }
}
