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

    /// <summary>Ends every token of the agency (which must be an agency of the tenant; else not found).</summary>
    [Alias("Revoke")]
    Task<Outcome<AgencyTokenRevocation>> Revoke(Actor by);
}
