using Insure.Grains;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Agency access tokens: ES256 JWTs with the signing key's `kid` in the header and, in the payload, the seed's `ref`,
/// `iat`, `exp` and `agentId` (absent for an agency-level token), the issuer `insure`, and what the platform needs to
/// find and revoke them: the tenant, the integration and agency, the integration's key generation and the agency's
/// token generation. Validation pins the algorithm to ES256, takes only a key this platform published for the `kid`,
/// and checks the expiry on the platform's clock with <see cref="ClockSkew"/>.
/// </summary>
public sealed class AgencyAccessTokens(AgencyTokenKeyRing keys, AgencyTokenLifetime lifetime, [FromKeyedServices(Names.Clock)] TimeProvider clock)
{
    public const string Issuer = "insure";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    /// <summary>How many verified tokens a node remembers; past this the memory starts over (a flood of forged tokens never enters it).</summary>
    private const int VerifiedCapacity = 20_000;

    /// <summary>
    /// Tokens this node has verified, by their text: the signature check (ES256, most of a token request's cost) is done
    /// once per token and node. Only authentic tokens enter; each is still checked for expiry on every use, and its
    /// revocation, suspension and integration are asked of their grains on every request, as before.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AgencyTokenClaims> _verified = new(StringComparer.Ordinal);

    /// <summary>A token for <paramref name="grant"/>, valid from now for `Insure:AgencyTokens:Lifetime`.</summary>
    public async Task<IssuedAgencyToken> Issue(Tenant tenant, AgencyTokenGrant grant)
    {
        var (keyId, key) = await keys.SigningKey();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var expires = issuedAt + lifetime.Value;
        var claims = new Dictionary<string, object>
        {
            [AgencyTokenClaims.Reference] = grant.TokenReference,
            [AgencyTokenClaims.OrgId] = tenant.OrgId,
            [AgencyTokenClaims.Environment] = tenant.Environment,
            [AgencyTokenClaims.IntegrationIdClaim] = grant.IntegrationId,
            [AgencyTokenClaims.AgencyIdClaim] = grant.AgencyId,
            [AgencyTokenClaims.KeyGenerationClaim] = grant.KeyGeneration,
            [AgencyTokenClaims.TokenGenerationClaim] = grant.AgencyGeneration,
        };
        if (grant.AgentId is { } agentId)
        {
            claims[AgencyTokenClaims.AgentIdClaim] = agentId;
        }
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
        });
        return new IssuedAgencyToken(token, grant.TokenReference, issuedAt, expires, grant.AgentId);
    }

    /// <summary>
    /// The claims of a token this platform signed with a key that still verifies, unexpired; else why not. No grain is
    /// asked anything here except, rarely, the signing keys (see <see cref="AgencyTokenKeyRing.VerificationKey"/>).
    /// </summary>
    public async Task<AgencyTokenValidation> Validate(string presented)
    {
        if (_verified.TryGetValue(presented, out var known))
        {
            if (Current(null, known.ExpiresAt.UtcDateTime))
            {
                return new AgencyTokenValidation(known, false);
            }
            _verified.TryRemove(presented, out _);
            return AgencyTokenValidation.Expired;
        }
        var validation = await Verify(presented);
        if (validation.Claims is { } claims)
        {
            if (_verified.Count >= VerifiedCapacity)
            {
                _verified.Clear();
            }
            _verified[presented] = claims;
        }
        return validation;
    }

    private async Task<AgencyTokenValidation> Verify(string presented)
    {
        JsonWebToken token;
        try
        {
            token = Handler.ReadJsonWebToken(presented);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return AgencyTokenValidation.Invalid;
        }
        if (string.IsNullOrEmpty(token.Kid) || await keys.VerificationKey(token.Kid) is not { } key)
        {
            return AgencyTokenValidation.Invalid;
        }
        var result = await Handler.ValidateTokenAsync(presented, new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKey = key,
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            ValidIssuer = Issuer,
            ValidateAudience = false,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            // On the platform's clock (tests drive it), not the library's own reading of the system time.
            LifetimeValidator = (notBefore, expires, _, _) => Current(notBefore, expires),
        });
        if (!result.IsValid)
        {
            // The payload is checked after the signature, so only an authentic token is reported as expired.
            return result.Exception is SecurityTokenInvalidLifetimeException ? AgencyTokenValidation.Expired : AgencyTokenValidation.Invalid;
        }
        var valid = (JsonWebToken)result.SecurityToken;
        return AgencyTokenClaims.Read(valid) is { } claims ? new AgencyTokenValidation(claims, false) : AgencyTokenValidation.Invalid;
    }

    /// <summary>Whether a token expiring at <paramref name="expiresAt"/> is still current (for one checked before).</summary>
    public bool IsCurrent(DateTimeOffset expiresAt) => Current(null, expiresAt.UtcDateTime);

    /// <summary>True while a token with these times is current on the platform's clock, allowing <see cref="ClockSkew"/> either way.</summary>
    private bool Current(DateTime? notBefore, DateTime? expires)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } end && now < end + ClockSkew && (notBefore is not { } start || start - ClockSkew <= now);
    }

    /// <summary>JWTs have dots; API keys and integration keys never do.</summary>
    public static bool LooksLikeToken(string presented) => presented.Contains('.', StringComparison.Ordinal);
}
