using Insure.Api.Infrastructure;
using Insure.Grains;

namespace Insure.Api.Features.ApiKeys;

/// <summary>An API key as integrators see it (the API body and the `api_key.*` events' data): never the secret.</summary>
public sealed record ApiKeyResource(
    string Id,
    string Object,
    string Name,
    string Environment,
    string[] Scopes,
    string RedactedKey,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    Actor CreatedBy,
    Actor? RevokedBy);

public static class ApiKeyResources
{
    /// <summary>Resources made from a key's view: one made while the key is active, until it expires; one made after, for good.</summary>
    private static readonly ResourcesOnce<ApiKeyInfo, ApiKeyResource> Made = new((key, now) =>
    {
        var resource = key.ToResource(now);
        return (resource, resource.Status == "active" && key.ExpiresAt is { } expires ? expires : DateTimeOffset.MaxValue);
    });

    /// <summary>A 200 with <see cref="ToResource"/>'s resource (see <see cref="ResourcesOnce{TView, TResource}.Ok"/>).</summary>
    public static OkJson<ApiKeyResource> ToOk(this ApiKeyInfo key, HttpContext context, DateTimeOffset now) => Made.Ok(context, key, now);

    public static ApiKeyResource ToResource(this ApiKeyInfo key, DateTimeOffset now) => new(
        key.Id, "api_key", key.Name, key.Environment, key.Scopes, $"{key.Prefix}...{key.Last4}",
        key.RevokedAt is not null ? "revoked" : key.ExpiresAt is { } expires && expires <= now ? "expired" : "active",
        key.CreatedAt, key.ExpiresAt, key.RevokedAt, key.CreatedBy, key.RevokedBy);
}

public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, string? Environment, DateTimeOffset? ExpiresAt);

/// <summary>A key just created: `key` holds the secret, shown this once.</summary>
public sealed record CreatedApiKeyDto(
    string Id, string Object, string Name, string Environment, string[] Scopes, string Key,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, Actor CreatedBy);
