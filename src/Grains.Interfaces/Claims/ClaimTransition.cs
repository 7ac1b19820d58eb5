namespace Insure.Grains;

/// <summary>One status change of a claim, with who made it and why.</summary>
[GenerateSerializer, Immutable, Alias("insure.claim-transition")]
public sealed record ClaimTransition(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor By,
    [property: Id(4)] string? Note);
