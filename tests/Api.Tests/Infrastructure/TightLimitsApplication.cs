namespace Insure.Api.Tests.Infrastructure;

/// <summary>
/// The Api with limits small enough to reach in a few requests: 3 per sandbox key and 6 per tenant a minute, 3 live
/// keys per tenant, 3 failed authentications per client address a minute; and a configured key signing secret.
/// </summary>
public sealed class TightLimitsApplication() : InsureApplication(new Dictionary<string, string?>
{
    ["Insure:RateLimits:Sandbox"] = "3",
    ["Insure:RateLimits:TenantMultiple"] = "2",
    ["Insure:RateLimits:AgencyToken"] = "2",
    ["Insure:RateLimits:FailedAuthPerMinute"] = "3",
    ["Insure:ApiKeys:MaxLivePerTenant"] = "3",
    ["Insure:KeySigningSecret"] = SigningSecret,
})
{
    public const string SigningSecret = "tight-limits-key-signing-secret-0123456789";
}
