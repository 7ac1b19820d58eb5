using System.Globalization;

namespace Insure.Grains.ApiKeys;

/// <summary>Every decision about API keys, as pure functions: what a new key may hold, and who may revoke which key.</summary>
internal static class ApiKeyRules
{
    /// <summary>
    /// A new key's terms. Scopes must be known; a key creates keys only in its own environment, cannot grant a scope it
    /// lacks, and never creates a key that outlives it: an expiry later than its own, or none, is capped to its own.
    /// </summary>
    public static Decision<ApiKeyTerms> Issue(NewApiKey request, string environment, DateTimeOffset now)
    {
        if (request.Scopes.Length == 0)
        {
            return RuleViolation.Invalid("scopes", "min_items", "scopes must name at least one scope (or \"*\")");
        }
        for (var i = 0; i < request.Scopes.Length; i++)
        {
            if (!ApiScopes.IsValid(request.Scopes[i]))
            {
                return RuleViolation.Invalid($"scopes[{i}]", "format",
                    $"Unknown scope \"{request.Scopes[i]}\": use \"*\", resource:read|write with a resource of {string.Join(", ", ApiScopes.Resources)}, or {string.Join(", ", ApiScopes.Actions)}");
            }
        }
        if (request.ExpiresAt is { } requested && requested <= now)
        {
            return RuleViolation.Invalid("expiresAt", "future", "expiresAt must be in the future");
        }
        if (request.Creator is not { } creator)
        {
            return new ApiKeyTerms(request.Scopes.Distinct().ToArray(), request.ExpiresAt);
        }
        if (creator.Environment != environment)
        {
            return Forbidden($"A {creator.Environment} key creates {creator.Environment} keys only; {environment} keys come from a {environment} key or the admin API");
        }
        if (request.Scopes.FirstOrDefault(scope => !Holds(creator.Scopes, scope)) is { } missing)
        {
            return Forbidden($"A key cannot grant the scope {missing}, which it does not hold itself");
        }
        var expiresAt = creator.ExpiresAt is { } ceiling && (request.ExpiresAt is null || request.ExpiresAt > ceiling) ? ceiling : request.ExpiresAt;
        return new ApiKeyTerms(request.Scopes.Distinct().ToArray(), expiresAt);
    }

    /// <summary>Why the organization would not take another key in this environment, or null when it did.</summary>
    public static RuleViolation? Reserved(ApiKeyReservation reservation, string environment, int maxLive) => reservation.Outcome switch
    {
        ApiKeyReservationOutcome.NoOrganization => new RuleViolation(ErrorCodes.NotFound, "Organization not found"),
        ApiKeyReservationOutcome.NotLiveApproved => Forbidden("Production keys need an organization approved for live use"),
        ApiKeyReservationOutcome.LimitReached => RuleViolation.Business(
            $"This organization already has {reservation.Live} live {environment} keys, the most it may hold; revoke one first",
            new Dictionary<string, string> { ["rule"] = "max_live_keys", ["limit"] = maxLive.ToString(CultureInfo.InvariantCulture) }),
        _ => null,
    };

    /// <summary>A key's own standing: revoked first, then expired (at its expiry instant), else valid.</summary>
    public static ApiKeyStatus Standing(DateTimeOffset? revokedAt, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        revokedAt is not null ? ApiKeyStatus.Revoked
        : expiresAt is { } expires && expires <= now ? ApiKeyStatus.Expired
        : ApiKeyStatus.Valid;

    /// <summary>A key may revoke only keys whose every scope it holds itself (the platform operator and a cascade may revoke any).</summary>
    public static RuleViolation? Revoke(string keyId, string[] keyScopes, string[]? revokerScopes) =>
        revokerScopes is not null && keyScopes.FirstOrDefault(scope => !Holds(revokerScopes, scope)) is { } broader
            ? Forbidden($"A key cannot revoke a key with broader scopes than its own; {keyId} holds {broader}, which this key does not")
            : null;

    private static bool Holds(string[] granted, string scope) => granted.Any(g => ApiScopes.Covers(g, scope));

    private static RuleViolation Forbidden(string message) => new(ErrorCodes.Forbidden, message);
}
