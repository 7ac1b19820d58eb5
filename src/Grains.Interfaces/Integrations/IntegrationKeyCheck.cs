namespace Insure.Grains;

/// <summary>The outcome of presenting an integration secret key: valid or not, and the key generation it belongs to.</summary>
[GenerateSerializer, Immutable, Alias("insure.integration-key-check")]
public sealed record IntegrationKeyCheck([property: Id(0)] bool Valid, [property: Id(1)] long KeyGeneration)
{
    public static readonly IntegrationKeyCheck Invalid = new(false, 0);
}
