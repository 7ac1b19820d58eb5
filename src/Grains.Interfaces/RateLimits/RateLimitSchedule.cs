namespace Insure.Grains;

/// <summary>
/// Requests per key per minute by environment and tier, and how many times that a whole tenant gets: the Api's
/// configuration, sent with each request so the tenant's bucket can apply its organization's current tier.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.rate-limit-schedule")]
public sealed record RateLimitSchedule(
    [property: Id(0)] int Sandbox,
    [property: Id(1)] int Standard,
    [property: Id(2)] int Enterprise,
    [property: Id(3)] int TenantMultiple,
    [property: Id(4)] int? CredentialLimit = null)
{
    /// <summary>
    /// The limit of the window this request counts in: <see cref="CredentialLimit"/> when set (an agency access token's
    /// window, per integration and agency, may have its own), otherwise one key's limit for the tier.
    /// </summary>
    public int KeyLimit(string environment, string tier) => CredentialLimit ?? TierLimit(environment, tier);

    /// <summary>One key's limit in <paramref name="environment"/> for an organization of <paramref name="tier"/>.</summary>
    public int TierLimit(string environment, string tier) => environment == Tenant.Sandbox
        ? Sandbox
        : tier == OrganizationTiers.Enterprise ? Enterprise : Standard;

    /// <summary>The tenant's limit: <see cref="TenantMultiple"/> times the key limit, capped at int.MaxValue.</summary>
    public int TenantLimit(string environment, string tier) => (int)Math.Min(int.MaxValue, (long)TierLimit(environment, tier) * TenantMultiple);
}
