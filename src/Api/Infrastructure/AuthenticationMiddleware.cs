using System.Globalization;
using System.Net;
using System.Text;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Authenticates API keys (Basic with the key as username, Bearer, or X-API-Key) and agency access tokens (JWTs, see
/// <see cref="AgencyAccessTokens"/>), counts the request against the credential's and the tenant's rate-limit windows, then
/// checks the endpoint's scope. Integration secret keys (`isk_`) authenticate Create token only and get 401 elsewhere.
/// A client address with too many recent failures is refused first; a key whose tag this server did not give, or a
/// token whose signature it did not make, is refused without any grain call. Then, for a key, one grain call for it
/// (read-only), for a token two at once (its integration and its agency, both from memory), either unless this node
/// checked it lately (<see cref="CheckedCredentials"/>); and the tenant's bucket (memory only, leased to the node in
/// batches), which also applies the organization's standing (suspended, not approved for live use): a request costs
/// no storage write.
/// </summary>
public sealed class AuthenticationMiddleware(
    RequestDelegate next, ApiOptions options, AdminSecret adminSecret, ApiKeySigner signer, FailedAuthenticationLimiter failures,
    AgencyAccessTokens agencyTokens, CheckedCredentials checkedCredentials, RateLimitLeases leases, TenantClocks clocks)
{
    public async Task InvokeAsync(HttpContext context, IGrainFactory grains)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var adminOnly = metadata?.GetMetadata<AdminOnly>() is not null;
        var required = metadata?.GetMetadata<RequiredScope>();
        if (!adminOnly && required is null && metadata?.GetMetadata<IntegrationKeyOnly>() is null)
        {
            await next(context);
            return;
        }
        var address = context.Connection.RemoteIpAddress;
        if (failures.IsBlocked(address, out var wait))
        {
            context.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                $"Too many failed authentication attempts from this address; retry after {wait} s");
        }

        if (adminOnly)
        {
            var prompt = metadata!.GetMetadata<AdminOnly>()!.BrowserPrompt;
            var token = prompt ? BearerToken(context.Request) ?? BasicPassword(context.Request) : BearerToken(context.Request);
            if (!adminSecret.Matches(token))
            {
                if (!string.IsNullOrEmpty(context.Request.Headers.Authorization))
                {
                    failures.RecordFailure(address);
                }
                if (prompt)
                {
                    context.Response.Headers.WWWAuthenticate = "Basic realm=\"Insure admin\", charset=\"UTF-8\"";
                    throw Unauthorized("A valid admin secret is required: as a Bearer token, or as the password of Basic auth");
                }
                throw Unauthorized("A valid admin secret is required as a Bearer token");
            }
            context.Features.Set(new PresentedCredential(token!));
            await next(context);
            return;
        }

        if (metadata!.GetMetadata<IntegrationKeyOnly>() is not null)
        {
            await AuthenticateIntegration(context, grains, address);
            return;
        }

        var presented = PresentedKey(context.Request) ?? throw Unauthorized("No API key: send it as Authorization: Bearer <key>, Basic auth with the key as username, or X-API-Key");
        if (presented.StartsWith(IntegrationKeyFormat.Prefix, StringComparison.Ordinal))
        {
            failures.RecordFailure(address);
            throw Unauthorized("An integration secret key (isk_) authenticates only POST /v1/auth/token: create an agency access token there and send that instead");
        }
        var caller = AgencyAccessTokens.LooksLikeToken(presented)
            ? await AuthenticateAgencyToken(presented, grains, address)
            : await AuthenticateApiKey(presented, grains, address);
        await Admit(context, grains, caller.Tenant, caller.RateWindow, caller.CredentialName,
            caller.Agency is null ? options.RateLimits.Schedule : options.RateLimits.AgencyTokenSchedule);

        // An endpoint may need more than one scope (subscribing to events needs events:read as well as webhooks:write).
        if (metadata.GetOrderedMetadata<RequiredScope>().FirstOrDefault(r => !caller.Has(r.Scope)) is { } lacking)
        {
            throw ApiException.Forbidden($"This {caller.CredentialName} lacks the scope {lacking.Scope}");
        }
        context.Features.Set(caller);
        await AgencyVisibility.Admit(context, grains, caller, metadata);
        context.Features.Set(new PresentedCredential(presented));
        await next(context);
    }

    private async Task<Caller> AuthenticateApiKey(string presented, IGrainFactory grains, IPAddress? address)
    {
        if (Remembered(presented) is { } remembered)
        {
            return remembered;
        }
        if (!ApiKeyFormat.TryParse(presented, out var tenant, out var keyId) || !signer.IsAuthentic(presented))
        {
            failures.RecordFailure(address);
            throw Unauthorized("Invalid API key");
        }
        var forgettings = checkedCredentials.Forgettings;
        var check = await grains.Keyed<IApiKeyGrain>(tenant.KeyFor(keyId)).Authenticate(ApiKeyFormat.Hash(presented));
        switch (check.Status)
        {
            case ApiKeyStatus.Valid:
                var caller = new Caller(tenant, keyId, check.Scopes, check.ExpiresAt);
                checkedCredentials.Remember(presented, caller, [tenant.KeyFor(keyId)], forgettings);
                return caller;
            case ApiKeyStatus.Revoked:
                failures.RecordFailure(address);
                throw Unauthorized("This API key has been revoked");
            case ApiKeyStatus.Expired:
                failures.RecordFailure(address);
                throw Unauthorized("This API key has expired");
            default:
                failures.RecordFailure(address);
                throw Unauthorized("Invalid API key");
        }
    }

    /// <summary>
    /// An agency access token: its signature, algorithm and expiry are checked here, with no grain call, so a forged one
    /// costs nothing but this node's time. Then its integration (key generation, agency still reached, current scopes)
    /// and its agency (token generation, and whether the agency and agent are still active) are asked at once, both from
    /// memory: a rotation, a revocation or a suspension on any node ends it from the next request.
    /// </summary>
    private async Task<Caller> AuthenticateAgencyToken(string presented, IGrainFactory grains, IPAddress? address)
    {
        if (Remembered(presented) is { } remembered)
        {
            return remembered;
        }
        var forgettings = checkedCredentials.Forgettings;
        var validation = await agencyTokens.Validate(presented);
        // Only a token that is not ours counts against the address's failed-authentication limit: an expired or revoked
        // one is ours, and after a rotation an integration serving many agencies from one address meets many of them
        // just before it calls Create token, which that limit would otherwise refuse.
        if (validation.Claims is not { } claims)
        {
            if (!validation.HasExpired)
            {
                failures.RecordFailure(address);
            }
            throw Unauthorized(validation.HasExpired ? "This agency access token has expired; create a new one with POST /v1/auth/token" : "Invalid agency access token");
        }
        var integrationKey = claims.Tenant.KeyFor(claims.IntegrationId);
        var agencyKey = claims.Tenant.KeyFor(claims.AgencyId);
        var integration = grains.Keyed<IIntegrationGrain>(integrationKey).CheckToken(claims.TokenReference, claims.AgencyId, claims.KeyGeneration);
        var agency = grains.Keyed<IAgencyTokensGrain>(agencyKey).Check(claims.TokenGeneration, claims.AgentId);
        await Task.WhenAll(integration, agency);
        if (integration.Result.Status != ApiKeyStatus.Valid || agency.Result.Revoked)
        {
            throw Unauthorized("This agency access token has been revoked; create a new one with POST /v1/auth/token");
        }
        if (agency.Result.InactiveProducerId is { } inactive)
        {
            var who = inactive == claims.AgencyId ? "agency" : "agent";
            throw Unauthorized(agency.Result.InactiveStatus == ProducerStatuses.Suspended
                ? $"The {who} {inactive} of this agency access token is suspended; its tokens work again once it is active"
                : $"The {who} {inactive} of this agency access token is {agency.Result.InactiveStatus}; its tokens no longer work");
        }
        var caller = new Caller(claims.Tenant, claims.TokenReference, integration.Result.Scopes, claims.ExpiresAt,
            new AgencyAccess(claims.IntegrationId, claims.AgencyId, claims.TokenReference, claims.AgentId));
        checkedCredentials.Remember(presented, caller, [integrationKey, agencyKey], forgettings);
        return caller;
    }

    /// <summary>
    /// A key or token this node found valid lately: not checked again (any change that could end it reaches every node
    /// before it answers), but its expiry is, as its full check does it (a key's on the tenant's clock, a token's on the
    /// platform's); an expired one goes through the whole check, which says why it is refused.
    /// </summary>
    private Caller? Remembered(string presented) =>
        checkedCredentials.TryGet(presented, out var caller) && (caller.Agency is null
            ? !(caller.ExpiresAt <= clocks.For(caller.Tenant.OrgId).GetUtcNow())
            : caller.ExpiresAt is { } expires && agencyTokens.IsCurrent(expires))
            ? caller
            : null;

    /// <summary>
    /// Create token: only an integration secret key, whose tag this server gave, then its grain (read-only). Counted in
    /// the tenant's bucket under the integration's id like any request.
    /// </summary>
    private async Task AuthenticateIntegration(HttpContext context, IGrainFactory grains, IPAddress? address)
    {
        const string only = "Only an active integration secret key (isk_...) can create agency access tokens: send it as Authorization: Bearer <key>";
        var presented = PresentedKey(context.Request) ?? throw Unauthorized(only);
        if (!IntegrationKeyFormat.TryParse(presented, out var tenant, out var integrationId) || !signer.IsAuthenticIntegrationKey(presented))
        {
            failures.RecordFailure(address);
            throw Unauthorized(presented.StartsWith(IntegrationKeyFormat.Prefix, StringComparison.Ordinal) ? "Invalid integration secret key" : only);
        }
        var check = await grains.Keyed<IIntegrationGrain>(tenant.KeyFor(integrationId)).Authenticate(IntegrationKeyFormat.Hash(presented));
        if (!check.Valid)
        {
            failures.RecordFailure(address);
            throw Unauthorized("Invalid integration secret key (it may have been rotated)");
        }
        await Admit(context, grains, tenant, integrationId, "integration secret key");
        context.Features.Set(new IntegrationCaller(tenant, integrationId, check.KeyGeneration));
        context.Features.Set(new PresentedCredential(presented));
        await next(context);
    }

    /// <summary>
    /// Counts the request in the tenant's bucket, under <paramref name="windowKey"/> and the tenant's own window, which
    /// also applies the organization's standing; sets the rate-limit headers, or refuses.
    /// </summary>
    private async Task Admit(HttpContext context, IGrainFactory grains, Tenant tenant, string windowKey, string credential, RateLimitSchedule? schedule = null)
    {
        var address = context.Connection.RemoteIpAddress;
        var decision = await leases.Take(grains, tenant, windowKey, schedule ?? options.RateLimits.Schedule, clocks.For(tenant.OrgId).GetUtcNow());
        switch (decision.Admission)
        {
            case ApiKeyStatus.Valid:
                break;
            case ApiKeyStatus.OrganizationSuspended:
                throw Unauthorized($"This {credential}'s organization is suspended; its keys work again once the platform operator reactivates it");
            case ApiKeyStatus.LiveNotApproved:
                throw ApiException.Forbidden("This organization is not approved for live use, so its production keys are disabled; sandbox keys still work");
            default:
                failures.RecordFailure(address);
                throw Unauthorized($"Invalid {credential}");
        }
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            var now = context.RequestServices.GetRequiredKeyedService<TimeProvider>(Names.Clock).GetUtcNow();
            var retryAfter = Math.Max(1, (int)Math.Ceiling((decision.ResetAt - now).TotalSeconds));
            headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, decision.TenantWide
                ? $"Rate limit of {decision.Limit} requests per minute for all of this organization's {tenant.Environment} keys together exceeded; retry after {retryAfter} s"
                : $"Rate limit of {decision.Limit} requests per minute exceeded; retry after {retryAfter} s");
        }
    }

    private static ApiException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    /// <summary>The password of a Basic `Authorization` header (what a browser sends after its prompt), or null.</summary>
    private static string? BasicPassword(HttpRequest request) => BasicCredentials(request)?.Password;

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }
        if (BasicCredentials(request) is { } basic)
        {
            return basic.User;
        }
        return request.Headers.TryGetValue("X-API-Key", out var key) ? key.ToString().Trim() : null;
    }

    /// <summary>
    /// The user and password of a Basic `Authorization` header (no password without a colon); an empty user when the
    /// header cannot be decoded; null when it is not Basic.
    /// </summary>
    private static (string User, string? Password)? BasicCredentials(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? (decoded, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return ("", null);
        }
    }
}
