namespace Insure.Api.Infrastructure;

/// <summary>A presented token's claims when it is authentic and unexpired; else whether it had merely expired.</summary>
public sealed record AgencyTokenValidation(AgencyTokenClaims? Claims, bool HasExpired)
{
    public static readonly AgencyTokenValidation Invalid = new(null, false);
    public static readonly AgencyTokenValidation Expired = new(null, true);
}
