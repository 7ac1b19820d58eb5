using Insure.Api.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Features.ApiKeys;

/// <summary>
/// Shape-checks a key request, composes and tags the key, and asks its grain to create it (the grain's rules decide
/// scopes, expiry, the cap and live approval): used by `/v1/api-keys`, the admin API and the embedded playground.
/// The grain receives only the key's hash.
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
        for (var i = 0; i < scopes.Length; i++)
        {
            if (scopes[i] is null)
            {
                throw ApiException.Validation($"scopes[{i}]", "format", $"scopes[{i}] must be a scope such as policies:read");
            }
        }
        var environment = body.Environment ?? tenant.Environment;
        if (!Tenant.IsEnvironment(environment))
        {
            throw ApiException.Validation("environment", "enum", "environment must be \"sandbox\" or \"production\"");
        }
        var keyTenant = tenant with { Environment = environment };
        var keyId = Ids.New(IdPrefixes.ApiKey, clocks.For(tenant.OrgId));
        var key = signer.NewKey(keyTenant, keyId);
        var request = new NewApiKey(name, scopes, body.ExpiresAt, creator?.Actor ?? Actor.Platform, ApiKeyFormat.Hash(key), key[^4..],
            creator is null ? null : new KeyCreator(creator.KeyId, creator.Tenant.Environment, creator.Scopes, creator.ExpiresAt),
            options.ApiKeys.MaxLivePerTenant);
        var info = (await grains.Keyed<IApiKeyGrain>(keyTenant.KeyFor(keyId)).Create(request)).ValueOrThrow()!;
        return new CreatedApiKeyDto(info.Id, "api_key", info.Name, info.Environment, info.Scopes, key, info.CreatedAt, info.ExpiresAt, info.CreatedBy);
    }
}
