namespace Insure.Grains;

/// <summary>
/// The platform's keys for signing agency access tokens (key 0, one for the deployment): the active key and the retired
/// ones still verifying tokens they signed. Kept in grain storage, so in Postgres mode every node signs and verifies with
/// the same keys. The grain never sees a private key in the clear: the Api seals it under a key derived from the
/// deployment's key-signing secret before handing it over.
/// </summary>
[Alias("insure.IAgencyTokenKeysGrain")]
public interface IAgencyTokenKeysGrain : IGrainWithIntegerKey
{
    /// <summary>The keys still verifying now (the active one first), without the ones past their verification window.</summary>
    [ReadOnly, Alias("Get")]
    Task<AgencyTokenKeySet> Get();

    /// <summary>
    /// Makes <paramref name="next"/> the active key if the active one is still <paramref name="replacing"/> (null: there
    /// is none); the one it replaces keeps verifying for <paramref name="overlap"/>. When another node rotated first, the
    /// set is returned unchanged, so nodes racing to create the first key agree on one.
    /// </summary>
    [Alias("Rotate")]
    Task<AgencyTokenKeySet> Rotate(AgencyTokenKey next, string? replacing, TimeSpan overlap);
}
