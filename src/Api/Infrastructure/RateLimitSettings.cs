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

    /// <summary>Failed authentications a client address may make per minute before its requests get 429.</summary>
    public int FailedAuthPerMinute { get; set; } = 30;

    /// <summary>These limits as the tenant's bucket applies them, by its organization's current tier.</summary>
    public RateLimitSchedule Schedule => new(Sandbox, Standard, Enterprise, TenantMultiple);
}
