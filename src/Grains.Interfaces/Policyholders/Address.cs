namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.address")]
public sealed record Address(
    [property: Id(0)] string? Line1,
    [property: Id(1)] string? Line2,
    [property: Id(2)] string? City,
    [property: Id(3)] string? State,
    [property: Id(4)] string? PostalCode,
    [property: Id(5)] string? Country);
