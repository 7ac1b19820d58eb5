using System.Globalization;
using System.Text;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// Authenticates API keys (Basic with the key as username, Bearer, or X-API-Key), counts the request against
/// the key's and the tenant's rate-limit windows, then checks the endpoint's scope. A client address with too many
/// recent failures is refused first; a key whose tag this server did not give is refused without any grain call.
/// Then one grain call for the key (read-only) and one for the tenant's bucket (memory only), which also applies the
/// organization's standing (suspended, not approved for live use): a request costs no storage write.
/// </summary>
public sealed class AuthenticationMiddleware(
    RequestDelegate next, ApiOptions options, AdminSecret adminSecret, ApiKeySigner signer, FailedAuthenticationLimiter failures)
{
    public async Task InvokeAsync(HttpContext context, IGrainFactory grains)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var adminOnly = metadata?.GetMetadata<AdminOnly>() is not null;
        var required = metadata?.GetMetadata<RequiredScope>();
        if (!adminOnly && required is null)
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
            var token = BearerToken(context.Request);
            if (!adminSecret.Matches(token))
            {
                if (!string.IsNullOrEmpty(context.Request.Headers.Authorization))
                {
                    failures.RecordFailure(address);
                }
                throw Unauthorized("A valid admin secret is required as a Bearer token");
            }
            context.Features.Set(new PresentedCredential(token!));
            await next(context);
            return;
        }

        var presented = PresentedKey(context.Request) ?? throw Unauthorized("No API key: send it as Authorization: Bearer <key>, Basic auth with the key as username, or X-API-Key");
        if (!ApiKeyFormat.TryParse(presented, out var tenant, out var keyId) || !signer.IsAuthentic(presented))
        {
            failures.RecordFailure(address);
            throw Unauthorized("Invalid API key");
        }
        var check = await grains.GetGrain<IApiKeyGrain>(tenant.KeyFor(keyId)).Authenticate(ApiKeyFormat.Hash(presented));
        switch (check.Status)
        {
            case ApiKeyStatus.Valid:
                break;
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

        var decision = await grains.GetGrain<IRateLimitBucketGrain>(tenant.ToString()).Take(keyId, options.RateLimits.Schedule);
        switch (decision.Admission)
        {
            case ApiKeyStatus.Valid:
                break;
            case ApiKeyStatus.OrganizationSuspended:
                throw Unauthorized("This API key's organization is suspended; its keys work again once the platform operator reactivates it");
            case ApiKeyStatus.LiveNotApproved:
                throw ApiException.Forbidden("This organization is not approved for live use, so its production keys are disabled; sandbox keys still work");
            default:
                failures.RecordFailure(address);
                throw Unauthorized("Invalid API key");
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

        var caller = new Caller(tenant, keyId, check.Scopes, check.ExpiresAt);
        // An endpoint may need more than one scope (subscribing to events needs events:read as well as webhooks:write).
        if (metadata!.GetOrderedMetadata<RequiredScope>().FirstOrDefault(r => !caller.Has(r.Scope)) is { } lacking)
        {
            throw ApiException.Forbidden($"This API key lacks the scope {lacking.Scope}");
        }
        context.Features.Set(caller);
        context.Features.Set(new PresentedCredential(presented));
        await next(context);
    }

    private static ApiException Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':');
                return colon < 0 ? decoded : decoded[..colon];
            }
            catch (FormatException)
            {
                return "";
            }
        }
        return request.Headers.TryGetValue("X-API-Key", out var key) ? key.ToString().Trim() : null;
    }
}
