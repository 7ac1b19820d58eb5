using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>Ids for what a request creates.</summary>
public static class RequestIds
{
    /// <summary>
    /// A new id of <paramref name="prefix"/>: derived from the request's anchor when it carries an Idempotency-Key, so a
    /// retry after an uncertain failure names the same entity (whose grain then answers with what it already holds);
    /// otherwise a fresh one on the tenant's clock.
    /// </summary>
    public static string NewId(this HttpContext context, string prefix) =>
        context.Features.Get<RequestAnchor>() is { } anchor ? anchor.Next(prefix) : Ids.New(prefix, context.TenantClock());

    /// <summary>
    /// The key a grain remembers a command under (<paramref name="kind"/> `bindreq`, `payreq`, ...), so a retry after an
    /// uncertain failure finds what the first attempt did; null when the request carries no Idempotency-Key.
    /// </summary>
    public static string? RequestKey(this HttpContext context, string kind) => context.Features.Get<RequestAnchor>()?.Next(kind);
}
