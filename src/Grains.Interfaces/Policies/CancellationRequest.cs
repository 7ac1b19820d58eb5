namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.cancellation-request")]
public sealed record CancellationRequest(
    [property: Id(0)] DateOnly EffectiveDate,
    [property: Id(1)] string Method,
    [property: Id(2)] string Reason,
    [property: Id(3)] Actor By);
