namespace Insure.Grains;

/// <summary>A fact that happened in a tenant. `Data` is the JSON object integrators receive as the event's `data`.</summary>
[GenerateSerializer, Immutable, Alias("insure.domain-event")]
public sealed record DomainEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string OrgId,
    [property: Id(3)] string Environment,
    [property: Id(4)] DateTimeOffset Timestamp,
    [property: Id(5)] string Data);
