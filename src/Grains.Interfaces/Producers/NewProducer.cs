namespace Insure.Grains;

/// <summary>A producer as asked for by `POST /v1/producers`; checked by the grain.</summary>
[GenerateSerializer, Immutable, Alias("insure.new-producer")]
public sealed record NewProducer(
    [property: Id(0)] string? Type,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Email,
    [property: Id(3)] string? Npn,
    [property: Id(4)] string? AgencyId,
    [property: Id(5)] string? PartnerAgencyId,
    [property: Id(6)] IReadOnlyList<ProducerLicense>? Licenses,
    [property: Id(7)] Actor By);
