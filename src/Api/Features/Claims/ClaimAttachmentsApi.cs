using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Insure.Api.Features.Claims;

/// <summary>
/// `/v1/claims/{id}/attachments`: files streamed from a multipart upload into the blob store (hashed on the way, never
/// held whole in memory), their metadata recorded on the claim.
/// </summary>
public static class ClaimAttachmentsApi
{
    /// <summary>Room for the multipart framing and any other small fields around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void MapClaimAttachments(this RouteGroupBuilder claims, ClaimAttachmentSettings settings)
    {
        claims.MapPost("/{id}/attachments", Upload).RequireScope("claims:write")
            .WithMetadata(new RequestBodyLimit(settings.MaxAttachmentBytes + MultipartOverhead))
            .WithMetadata(new MultipartUploadDoc("file", "The file; its part's Content-Type must be one of Insure:Claims:AllowedAttachmentTypes"))
            .WithErrorResponses(413, 415)
            .WithName("AddClaimAttachment")
            .WithSummary("Attach a file to a claim in any status (closed and denied included): multipart/form-data with the file in the field " +
                "`file`. Beyond Insure:Claims:MaxAttachmentBytes (default 20 MiB): 413; a type outside Insure:Claims:AllowedAttachmentTypes: 415. " +
                "The file name is cleaned of paths and control characters; size and SHA-256 are recorded. At most 100 per claim");
        claims.MapGet("/{id}/attachments", List).RequireScope("claims:read").WithPaging()
            .WithName("ListClaimAttachments")
            .WithSummary("List a claim's attachments, newest first");
        claims.MapGet("/{id}/attachments/{attachmentId}", Download).RequireScope("claims:read")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithName("DownloadClaimAttachment")
            .WithSummary("Download an attachment's bytes, with its content type and `Content-Disposition: attachment`");
    }

    private static async Task<Results<Created<ClaimAttachmentResource>, NotFound<ApiError>>> Upload(
        string id, HttpContext context, IGrainFactory grains, IBlobStore blobs, ApiOptions options)
    {
        var grain = Grain(id, context, grains);
        if (grain is null || await grain.Get() is null)
        {
            return NotFound(context);
        }
        var reader = new MultipartReader(Boundary(context.Request), context.Request.Body);
        var settings = options.Claims;
        while (await NextSection(reader, context.RequestAborted) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file")
            {
                // Other fields are skipped; the reader drains them on the next call.
                continue;
            }
            if (!disposition.IsFileDisposition())
            {
                throw ApiException.Validation("file", "type", "The field file must be a file part (with a filename)");
            }
            var fileName = AttachmentFileNames.Sanitise(disposition.FileNameStar.HasValue
                ? disposition.FileNameStar.Value
                : HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
            var contentType = MediaTypeHeaderValue.TryParse(section.ContentType, out var media) && media.MediaType.HasValue
                ? media.MediaType.Value!.ToLowerInvariant()
                : "application/octet-stream";
            if (!settings.AllowedTypes.Contains(contentType))
            {
                throw new ApiException(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                    $"Attachments of type {contentType} are not accepted; allowed: {string.Join(", ", settings.AllowedTypes.Order())}",
                    new Dictionary<string, string> { ["field"] = "file", ["contentType"] = contentType });
            }
            return await Store(grain, section.Body, fileName, contentType, context, blobs, settings);
        }
        throw ApiException.Validation("file", "required", "Missing required form field: file");
    }

    private static async Task<Results<Created<ClaimAttachmentResource>, NotFound<ApiError>>> Store(
        IClaimGrain grain, Stream body, string fileName, string contentType, HttpContext context, IBlobStore blobs, ClaimAttachmentSettings settings)
    {
        var tenant = context.Caller().Tenant;
        var attachmentId = Ids.New(IdPrefixes.ClaimAttachment, context.TenantClock());
        StoredBlob stored;
        try
        {
            stored = await blobs.PutAsync(tenant, attachmentId, new LimitedReadStream(body, settings.MaxAttachmentBytes), contentType, context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException and not BadHttpRequestException or InvalidDataException)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The multipart body could not be read");
        }
        try
        {
            if (stored.Size == 0)
            {
                throw ApiException.Validation("file", "not_empty", "The file is empty");
            }
            var attachment = new ClaimAttachment(attachmentId, fileName, contentType, stored.Size, stored.Sha256,
                context.TenantClock().GetUtcNow(), context.Caller().Actor);
            var recorded = (await grain.AddAttachment(attachment)).ValueOrThrow();
            if (recorded is null)
            {
                await Discard(blobs, tenant, attachmentId, context);
                return NotFound(context);
            }
            var claimId = context.GetRouteValue("id")!.ToString()!;
            return TypedResults.Created($"/v1/claims/{claimId}/attachments/{recorded.Id}", ClaimAttachmentResource.Of(claimId, recorded));
        }
        catch (ApiException)
        {
            // Refused after the bytes were stored: nothing of the upload is kept.
            await Discard(blobs, tenant, attachmentId, context);
            throw;
        }
        catch (Exception)
        {
            // Failed without an answer (a storage error, a timeout): the claim may or may not have recorded the attachment.
            // Asked now, the claim answers after any call of ours still in its queue, so the blob goes only if unrecorded.
            if (await Unrecorded(grain, attachmentId))
            {
                await Discard(blobs, tenant, attachmentId, context);
            }
            throw;
        }
    }

    /// <summary>True when the claim answers without the attachment; false when it has it or cannot be asked (the blob stays).</summary>
    private static async Task<bool> Unrecorded(IClaimGrain grain, string attachmentId)
    {
        try
        {
            return await grain.Attachments() is { } attachments && attachments.All(a => a.Id != attachmentId);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>Deletes an upload that was refused; a failure to delete is logged, never put in place of the refusal.</summary>
    private static async Task Discard(IBlobStore blobs, Tenant tenant, string attachmentId, HttpContext context)
    {
        try
        {
            await blobs.DeleteAsync(tenant, attachmentId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(nameof(ClaimAttachmentsApi))
                .LogWarning(ex, "Could not delete the refused upload {Attachment} of {Tenant}", attachmentId, tenant);
        }
    }

    private static async Task<Results<Ok<ListPage<ClaimAttachmentResource>>, NotFound<ApiError>>> List(string id, HttpContext context, IGrainFactory grains)
    {
        var paging = PageRequest.From(context.Request);
        var attachments = Grain(id, context, grains) is { } grain ? await grain.Attachments() : null;
        return attachments is null
            ? NotFound(context)
            : TypedResults.Ok(ListPages.Of(attachments.Select(a => ClaimAttachmentResource.Of(id, a)).ToArray(), paging));
    }

    private static async Task<Results<FileStreamHttpResult, NotFound<ApiError>>> Download(
        string id, string attachmentId, HttpContext context, IGrainFactory grains, IBlobStore blobs)
    {
        var attachments = Grain(id, context, grains) is { } grain ? await grain.Attachments() : null;
        if (attachments is null)
        {
            return NotFound(context);
        }
        var attachment = attachments.FirstOrDefault(a => a.Id == attachmentId);
        var content = attachment is null ? null : await blobs.OpenAsync(context.Caller().Tenant, attachment.Id, context.RequestAborted);
        if (content is null)
        {
            return TypedResults.NotFound(ErrorResponses.NotFound(context, "Attachment"));
        }
        context.Response.Headers.ContentDisposition = AttachmentFileNames.ContentDisposition(attachment!.FileName);
        // The bytes are whatever a client uploaded: browsers must not sniff them into something executable.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(content, attachment.ContentType);
    }

    /// <summary>The boundary of a multipart/form-data body; anything else is a 400.</summary>
    private static string Boundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !string.Equals(media.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                "Content-Type must be multipart/form-data with the file in the field `file`");
        }
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The multipart/form-data boundary is missing or too long");
        }
        return boundary;
    }

    private static async Task<MultipartSection?> NextSection(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException and not BadHttpRequestException or InvalidDataException)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The multipart body could not be read");
        }
    }

    private static IClaimGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IClaimGrain>(IdPrefixes.Claim, id);

    private static NotFound<ApiError> NotFound(HttpContext context) => TypedResults.NotFound(ErrorResponses.NotFound(context, "Claim"));
}
