namespace Insure.Grains;

/// <summary>The fields a `PATCH /v1/producers/{id}` sent (null: unchanged); `Licenses` replaces the whole list.</summary>
[GenerateSerializer, Immutable, Alias("insure.producer-patch")]
public sealed record ProducerPatch(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Npn,
    [property: Id(3)] string? PartnerAgencyId,
    [property: Id(4)] string? Status,
    [property: Id(5)] IReadOnlyList<ProducerLicense>? Licenses,
    [property: Id(6)] Actor By);
