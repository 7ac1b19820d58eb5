namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.claimant")]
public sealed record Claimant([property: Id(0)] string Name, [property: Id(1)] string? Email, [property: Id(2)] string? Phone);
