namespace Insure.Grains;

/// <summary>A file attached to a claim: its metadata; the bytes live in the blob store under the same id.</summary>
[GenerateSerializer, Immutable, Alias("insure.claim-attachment")]
public sealed record ClaimAttachment(
    [property: Id(0)] string Id,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Size,
    [property: Id(4)] string Sha256,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] Actor CreatedBy);
