using Insure.Grains;

namespace Insure.Api.Features.Claims;

/// <summary>A file attached to a claim; its bytes are at `/v1/claims/{claimId}/attachments/{id}`.</summary>
public sealed record ClaimAttachmentResource(
    string Id, string Object, string ClaimId, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset CreatedAt, Actor CreatedBy)
{
    public static ClaimAttachmentResource Of(string claimId, ClaimAttachment a) =>
        new(a.Id, "claim_attachment", claimId, a.FileName, a.ContentType, a.Size, a.Sha256, a.CreatedAt, a.CreatedBy);
}
