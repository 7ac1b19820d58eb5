namespace Insure.Grains;

/// <summary>
/// An integration: a partner system that reaches some of the organization's agencies with one secret key (`isk_`),
/// which it trades for agency access tokens. Keyed `{orgId}/{environment}/{integrationId}`; the grain holds only the
/// key's hash, and a stable token reference for each agency it reaches.
/// </summary>
[Alias("insure.IIntegrationGrain")]
public interface IIntegrationGrain : IGrainWithStringKey
{
    /// <summary>Creates the integration; each agency must be an agency (producer of type agency) of the same tenant.</summary>
    [Alias("Create")]
    Task<Outcome<IntegrationInfo>> Create(NewIntegration request);

    [ReadOnly, Alias("Get")]
    Task<IntegrationInfo?> Get();

    /// <summary>
    /// Lets the integration reach one more agency (a repeat changes nothing), with a new token reference. The key asking
    /// (<paramref name="callerScopes"/>) must hold every scope the integration's tokens get.
    /// </summary>
    [Alias("AddAgency")]
    Task<Outcome<IntegrationInfo>> AddAgency(string agencyId, Actor by, string[] callerScopes);

    /// <summary>Stops reaching an agency: the tokens made for it stop working, and adding it again gives a new reference.</summary>
    [Alias("RemoveAgency")]
    Task<Outcome<IntegrationInfo>> RemoveAgency(string agencyId, Actor by);

    /// <summary>
    /// Replaces the secret key: the old one and every token made through the integration stop working (the key
    /// generation moves on). The key asking must hold every scope the integration's tokens get, since it sees the new key.
    /// </summary>
    [Alias("RotateKey")]
    Task<Outcome<IntegrationInfo>> RotateKey(byte[] secretHash, string last4, Actor by, string[] callerScopes);

    /// <summary>Checks a presented key's hash in constant time; never writes. An unknown id deactivates at once.</summary>
    [ReadOnly, Alias("Authenticate")]
    Task<IntegrationKeyCheck> Authenticate(byte[] secretHash);

    /// <summary>
    /// Works out the one agency (and agent) a Create token request names among the agencies this integration reaches,
    /// for a key of <paramref name="keyGeneration"/>: a grant to sign, the choices when it names more than one agency,
    /// or why it names none (404) or may not have one (422).
    /// </summary>
    [ReadOnly, Alias("ResolveToken")]
    Task<Outcome<AgencyTokenResolution>> ResolveToken(AgencyTokenRequest request, long keyGeneration);

    /// <summary>
    /// Whether a token of this integration, signed for <paramref name="tokenReference"/> under key generation
    /// <paramref name="keyGeneration"/>, still stands: checked on every request made with one.
    /// </summary>
    [ReadOnly, Alias("CheckToken")]
    Task<IntegrationTokenCheck> CheckToken(string tokenReference, string agencyId, long keyGeneration);
}
