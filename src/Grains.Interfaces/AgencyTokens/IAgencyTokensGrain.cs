namespace Insure.Grains;

/// <summary>
/// An agency's token generation, which every agency access token for it carries: revoking moves it on, so all its
/// tokens stop working at once while new ones (with the new generation) work from the same second. Keyed
/// `{orgId}/{environment}/{agencyId}`.
/// </summary>
[Alias("insure.IAgencyTokensGrain")]
public interface IAgencyTokensGrain : IGrainWithStringKey
{
    /// <summary>The generation new tokens get; 0 until the agency's tokens are first revoked.</summary>
    [ReadOnly, Alias("Generation")]
    Task<long> Generation();

    /// <summary>
    /// Whether a token of generation <paramref name="tokenGeneration"/>, made for the agency or for its agent
    /// <paramref name="agentId"/>, still stands: its generation is current, and the agency and agent are active.
    /// </summary>
    [ReadOnly, Alias("Check")]
    Task<AgencyTokenCheck> Check(long tokenGeneration, string? agentId);

    /// <summary>
    /// The agency's or one of its agents' status changed. Only held in memory (the producer is asked again on the next
    /// activation); interleaves, so a producer telling this while this asks it for its status waits for nothing.
    /// </summary>
    [AlwaysInterleave, Alias("ProducerChanged")]
    Task ProducerChanged(ProducerStanding standing);

    /// <summary>Ends every token of the agency (which must be an agency of the tenant; else not found).</summary>
    [Alias("Revoke")]
    Task<Outcome<AgencyTokenRevocation>> Revoke(Actor by);
}
