namespace Insure.Grains;

/// <summary>An agency an integration reaches, and the stable reference its tokens carry (`ref`).</summary>
[GenerateSerializer, Immutable, Alias("insure.integration-agency")]
public sealed record IntegrationAgency(
    [property: Id(0)] string AgencyId,
    [property: Id(1)] string TokenReference,
    [property: Id(2)] DateTimeOffset AddedAt);
