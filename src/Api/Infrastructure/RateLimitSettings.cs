using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>Requests per API key per minute, per tenant, and failed authentications per client address.</summary>
public sealed class RateLimitSettings
{
    public int Sandbox { get; set; } = 100;
    public int Standard { get; set; } = 1_000;
    public int Enterprise { get; set; } = 10_000;
    public int DocumentsIngest { get; set; } = 20;

    /// <summary>A tenant (organization + environment) gets this many times one key's limit, however many keys it has.</summary>
    public int TenantMultiple { get; set; } = 5;

    /// <summary>
    /// Requests per minute for each (integration, agency) pair's agency access tokens together, counted inside the
    /// tenant's bucket; 0 (the default) gives each pair the same limit as one key of the organization's tier.
    /// </summary>
    public int AgencyToken { get; set; }

    /// <summary>Failed authentications a client address may make per minute before its requests get 429.</summary>
    public int FailedAuthPerMinute { get; set; } = 30;

    /// <summary>These limits as the tenant's bucket applies them, by its organization's current tier.</summary>
    public RateLimitSchedule Schedule => new(Sandbox, Standard, Enterprise, TenantMultiple);

    /// <summary>The schedule for an agency access token's window.</summary>
    public RateLimitSchedule AgencyTokenSchedule => AgencyToken > 0 ? Schedule with { CredentialLimit = AgencyToken } : Schedule;
}
