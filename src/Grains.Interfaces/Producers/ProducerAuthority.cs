namespace Insure.Grains;

/// <summary>
/// Whether a producer may place a risk: <see cref="Missing"/> names each thing it lacks ("no unexpired TX license for
/// GL", "agency prd_… is suspended"), empty when it may. <see cref="Found"/> is false when there is no such producer.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.producer-authority")]
public sealed record ProducerAuthority(
    [property: Id(0)] bool Found,
    [property: Id(1)] string? AgencyId,
    [property: Id(2)] IReadOnlyList<string> Missing);
