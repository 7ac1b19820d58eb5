namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.cancellation-info")]
public sealed record CancellationInfo(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] string Reason,
    [property: Id(2)] CancellationQuote Calculation,
    [property: Id(3)] bool Completed,
    [property: Id(4)] DateTimeOffset RequestedAt,
    [property: Id(5)] Actor By);
