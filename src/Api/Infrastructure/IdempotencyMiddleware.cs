using System.Security.Cryptography;
using System.Text;
using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// `Idempotency-Key` on POST and PATCH: within 24 h the same key from the same key holder with the same method,
/// path and body replays the first response (`Idempotent-Replayed: true`); another body -> 422
/// `idempotency_key_reused`; while the first is still running -> 409 (until the in-flight timeout, after which a
/// retry runs: the node running the first may have died). Only successful (2xx) responses are remembered: an error
/// stores nothing, so the client can correct or retry the request under the same key; except a 503 that leaves it
/// uncertain whether the change was stored, after which the key takes only that same request (its retry runs under the
/// first attempt's anchor, see <see cref="RequestAnchor"/>). A stored
/// body is encrypted with a key derived from the caller's own credential, which the platform never stores: a
/// response that shows a secret once (a new API key) is not readable at rest.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";

    /// <summary>How long an uncertain request keeps trying to store its mark: longer than a lost silo takes to be declared dead.</summary>
    private static readonly TimeSpan AbandonFor = TimeSpan.FromSeconds(25);

    /// <summary>The longest one try to store the mark may take.</summary>
    private static readonly TimeSpan AbandonTry = TimeSpan.FromSeconds(3);
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxStoredBody = 256 * 1024;

    public async Task InvokeAsync(HttpContext context, IGrainFactory grains)
    {
        var request = context.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method))
            || !request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (key.Length is < 1 or > 255)
        {
            throw ApiException.Validation(Header, "length", "Idempotency-Key must be 1 to 255 characters");
        }
        var holder = context.Features.Get<Caller>() is { } caller
            ? caller.Tenant.KeyFor(caller.KeyId)
            : context.GetEndpoint()?.Metadata.GetMetadata<AdminOnly>() is not null ? "platform/admin/admin" : null;
        if (holder is null)
        {
            // Unauthenticated routes (none take POST today) have no key holder to scope the key to.
            await next(context);
            return;
        }

        var fingerprint = await Fingerprint(request);
        var grain = grains.Keyed<IIdempotencyGrain>($"{holder}/{key}");
        // The anchor sorts with the ids the caller's tenant makes (its clock); the platform admin's on the real one.
        var clock = context.Features.Get<Caller>() is not null ? context.TenantClock() : TimeProvider.System;
        var start = await grain.Begin(fingerprint, Ids.New("req", clock));
        switch (start.Outcome)
        {
            case IdempotencyOutcome.Replay:
                await Replay(context, start.Response!, Open(context, key, start.Response!.Body));
                return;
            case IdempotencyOutcome.Mismatch:
                throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyReused,
                    "This Idempotency-Key was already used with a different request");
            case IdempotencyOutcome.InFlight:
                throw new ApiException(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                    "A request with this Idempotency-Key is still in progress");
        }

        if (start.RetriesUncertain)
        {
            logger.LogInformation("Idempotency-Key {Key}: retrying a request whose earlier attempt ended uncertain, under that attempt's ids", key);
        }
        context.Features.Set(new RequestAnchor(start.Anchor!, start.RetriesUncertain));
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        StoredResponse? stored = null;
        var uncertain = false;
        try
        {
            await next(context);
            var response = context.Response;
            if (IsRemembered(response.StatusCode) && buffer.Length <= MaxStoredBody)
            {
                stored = new StoredResponse(response.StatusCode, response.ContentType, Seal(context, key, buffer.ToArray()),
                    response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                    response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase));
            }
        }
        catch (Exception ex) when (Unavailability.Of(ex) is { } unavailable)
        {
            // The cluster or the database failed before answering: the change may have been stored. The retry must
            // find it rather than make it again, so it will run under this request's anchor.
            uncertain = true;
            await Abandon(grain, start.Lease, fingerprint, start.Anchor!, persist: !unavailable.Database);
            throw;
        }
        finally
        {
            context.Response.Body = original;
            if (stored is null && !uncertain)
            {
                await Release(grain, start.Lease, key);
            }
        }
        try
        {
            if (stored is not null)
            {
                await grain.Complete(start.Lease, stored);
            }
        }
        catch (Exception ex)
        {
            // The change itself succeeded: answer it, and free the key rather than leave it "in flight". (The key's grain
            // may have been on a silo that just failed: then it cannot be freed either, and its new activation holds nothing.)
            logger.LogWarning(ex, "Could not store the response for Idempotency-Key {Key}", key);
            await Release(grain, start.Lease, key);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Lets go of the key; a failure to do so only leaves it held until the in-flight timeout, so it never fails the answer.</summary>
    private async Task Release(IIdempotencyGrain grain, Guid lease, string key)
    {
        try
        {
            await grain.Release(lease);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release Idempotency-Key {Key}; it is held until the in-flight timeout", key);
        }
    }

    /// <summary>
    /// Stores the uncertain mark before the 503 goes out, so the client's retry finds it. The key's grain may have been
    /// on the silo that failed: calls to it fail until the cluster declares that silo dead (seconds), then reach a new
    /// activation, so when a silo failed this keeps trying for a while. Past that the 503 goes out anyway.
    /// </summary>
    private async Task Abandon(IIdempotencyGrain grain, Guid lease, string fingerprint, string anchor, bool persist)
    {
        // With the database away the mark cannot be stored either: one try, so the 503 still comes at once.
        var deadline = DateTime.UtcNow + (persist ? AbandonFor : TimeSpan.Zero);
        var wait = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                // Each try is short: a call to a silo that is gone would otherwise wait out Orleans' 30 s timeout.
                await grain.Abandon(lease, fingerprint, anchor).WaitAsync(AbandonTry);
                return;
            }
            catch (Exception ex) when (DateTime.UtcNow + wait < deadline)
            {
                logger.LogDebug(ex, "Marking an uncertain request failed; trying again in {Wait}", wait);
                await Task.Delay(wait);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 2_000));
            }
            catch (Exception ex)
            {
                // The lease lapses after the in-flight timeout; releasing it now would let a retry in at once, without the mark.
                logger.LogWarning(ex, "Could not mark an uncertain request; its retry may repeat the change");
                return;
            }
        }
    }

    /// <summary>
    /// Which responses a key replays: successes only. A 4xx (the request was refused, e.g. a stale If-Match or an
    /// unknown id) or a 5xx leaves nothing behind, so the same key can carry the corrected or retried request.
    /// </summary>
    public static bool IsRemembered(int statusCode) => statusCode is >= 200 and <= 299;

    private static async Task<string> Fingerprint(HttpRequest request)
    {
        // Hashed while it is read, so a large body (an attachment upload) is never held whole in memory: the
        // buffering keeps it for the handler, on disk beyond a small threshold.
        request.EnableBuffering();
        using var hash = StartFingerprint(request.Method, $"{request.Path}{request.QueryString}");
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>What makes two requests "the same": method, path with query, and the exact body bytes.</summary>
    public static string ComputeFingerprint(string method, string pathAndQuery, byte[] body)
    {
        using var hash = StartFingerprint(method, pathAndQuery);
        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static IncrementalHash StartFingerprint(string method, string pathAndQuery)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{pathAndQuery}\n"));
        return hash;
    }

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>AES-GCM under a key only the caller's credential yields: nonce, tag, then ciphertext.</summary>
    private static byte[] Seal(HttpContext context, string idempotencyKey, byte[] body)
    {
        var sealedBody = new byte[NonceSize + TagSize + body.Length];
        var nonce = sealedBody.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(BodyKey(context, idempotencyKey), TagSize);
        aes.Encrypt(nonce, body, sealedBody.AsSpan(NonceSize + TagSize), sealedBody.AsSpan(NonceSize, TagSize));
        return sealedBody;
    }

    private static byte[] Open(HttpContext context, string idempotencyKey, byte[] sealedBody)
    {
        var body = new byte[sealedBody.Length - NonceSize - TagSize];
        using var aes = new AesGcm(BodyKey(context, idempotencyKey), TagSize);
        try
        {
            aes.Decrypt(sealedBody.AsSpan(0, NonceSize), sealedBody.AsSpan(NonceSize + TagSize), sealedBody.AsSpan(NonceSize, TagSize), body);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new ApiException(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyReused,
                "This Idempotency-Key was used with another credential");
        }
        return body;
    }

    private static byte[] BodyKey(HttpContext context, string idempotencyKey)
    {
        var credential = context.Features.Get<PresentedCredential>()?.Value
            ?? throw new InvalidOperationException("Idempotency needs an authenticated request.");
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(credential), Encoding.UTF8.GetBytes("insure/idempotent-response/" + idempotencyKey));
    }

    private static async Task Replay(HttpContext context, StoredResponse stored, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = stored.StatusCode;
        if (stored.ContentType is not null)
        {
            response.ContentType = stored.ContentType;
        }
        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }
        if (stored.NoStore)
        {
            // A replay shows the same secret again, so it is kept out of caches just like the original.
            response.Headers.CacheControl = "no-store";
        }
        response.Headers[ReplayedHeader] = "true";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
