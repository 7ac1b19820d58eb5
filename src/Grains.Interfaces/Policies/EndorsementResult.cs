namespace Insure.Grains;

/// <summary>An endorsement's result: the policy after it and the version it made.</summary>
[GenerateSerializer, Immutable, Alias("insure.endorsement-result")]
public sealed record EndorsementResult([property: Id(0)] PolicyInfo Policy, [property: Id(1)] PolicyVersion Version);
