using Insure.Api.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Features.ApiKeys;

/// <summary>
/// Checks a key request and creates the key: used by `/v1/api-keys`, the admin API and the embedded playground.
/// The key is composed and tagged here; its grain receives only the hash.
/// </summary>
public sealed class ApiKeyIssuer(
    IGrainFactory grains, ApiKeySigner signer, ApiOptions options, TenantClocks clocks)
{
    /// <summary>
    /// Creates a key in <paramref name="tenant"/>'s organization. <paramref name="creator"/> is the key asking (null for the
    /// platform operator): it cannot grant scopes it lacks, the new key expires no later than it does, and revoking it
    /// revokes the new key. Production keys need live approval; each environment holds at most
    /// `Insure:ApiKeys:MaxLivePerTenant` live keys.
    /// </summary>
    public async Task<CreatedApiKeyDto> Issue(CreateApiKeyRequest body, Tenant tenant, Caller? creator)
    {
        var name = Validate.Required(body.Name, "name", 100);
        var scopes = body.Scopes ?? throw ApiException.Validation("scopes", "required", "Missing required field: scopes");
        if (scopes.Length == 0)
        {
            throw ApiException.Validation("scopes", "min_items", "scopes must name at least one scope (or \"*\")");
        }
        for (var i = 0; i < scopes.Length; i++)
        {
            if (scopes[i] is null || !ApiScopes.IsValid(scopes[i]))
            {
                throw ApiException.Validation($"scopes[{i}]", "format",
                    $"Unknown scope \"{scopes[i]}\": use \"*\" or resource:read|write with a resource of {string.Join(", ", ApiScopes.Resources)}");
            }
            if (creator is not null && !creator.Has(scopes[i]))
            {
                throw ApiException.Forbidden($"A key cannot grant the scope {scopes[i]}, which it does not hold itself");
            }
        }
        var environment = body.Environment ?? tenant.Environment;
        if (!Tenant.IsEnvironment(environment))
        {
            throw ApiException.Validation("environment", "enum", "environment must be \"sandbox\" or \"production\"");
        }
        var time = clocks.For(tenant.OrgId);
        var expiresAt = body.ExpiresAt;
        if (expiresAt is { } requested && requested <= time.GetUtcNow())
        {
            throw ApiException.Validation("expiresAt", "future", "expiresAt must be in the future");
        }
        if (creator?.ExpiresAt is { } ceiling && (expiresAt is null || expiresAt > ceiling))
        {
            expiresAt = ceiling;
        }

        var keyTenant = tenant with { Environment = environment };
        var keyId = Ids.New(IdPrefixes.ApiKey, time);
        var organization = grains.GetGrain<IOrganizationGrain>(tenant.OrgId);
        var maxLive = options.ApiKeys.MaxLivePerTenant;
        var reservation = await organization.ReserveApiKey(environment, keyId, expiresAt, maxLive);
        switch (reservation.Outcome)
        {
            case ApiKeyReservationOutcome.NoOrganization:
                throw ApiException.NotFound("Organization");
            case ApiKeyReservationOutcome.NotLiveApproved:
                throw ApiException.Forbidden("Production keys need an organization approved for live use");
            case ApiKeyReservationOutcome.LimitReached:
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.BusinessRuleViolation,
                    $"This organization already has {reservation.Live} live {environment} keys, the most it may hold; revoke one first",
                    new Dictionary<string, string> { ["rule"] = "max_live_keys", ["limit"] = maxLive.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        try
        {
            if (creator is not null && !await grains.GetGrain<IApiKeyGrain>(creator.Tenant.KeyFor(creator.KeyId)).AddChild(keyId))
            {
                // Revoked (or expired) between authenticating this request and now.
                throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "This API key has been revoked");
            }
            var key = signer.NewKey(keyTenant, keyId);
            var by = creator?.Actor ?? Actor.Platform;
            var info = await grains.GetGrain<IApiKeyGrain>(keyTenant.KeyFor(keyId))
                .Create(new NewApiKey(name, scopes.Distinct().ToArray(), expiresAt, by, ApiKeyFormat.Hash(key), key[^4..]));
            return new CreatedApiKeyDto(info.Id, "api_key", info.Name, info.Environment, info.Scopes, key, info.CreatedAt, info.ExpiresAt, info.CreatedBy);
        }
        catch
        {
            // The key was not created, so it must not count against the cap. Should this fail too, the cap counts one
            // key too many for this organization; the original error is still the one to report.
            try
            {
                await organization.ReleaseApiKey(environment, keyId);
            }
            catch (Exception)
            {
                // Deliberately ignored (see above).
            }
            throw;
        }
    }
}
