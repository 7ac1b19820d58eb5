using Insure.Grains;

namespace Insure.Api.Infrastructure;

/// <summary>
/// What an agency access token may reach, decided in one place: only endpoints marked <see cref="AgencyBusiness"/> (others
/// answer 403), and among submissions, policies and claims only those whose stored agency (the agency of the
/// submission's producer, resolved at creation and inherited by the policy and its claims) is the token's; among
/// policyholders, those the agency's tokens created. Anything else
/// answers 404, as if it did not exist: by the `{id}` route value here, and in lists by the `agencyId` tag every
/// list adds through <see cref="Tags"/>. API keys are not limited.
/// </summary>
public static class AgencyVisibility
{
    public const string Submission = "submission";
    public const string Policy = "policy";
    public const string Claim = "claim";
    public const string Policyholder = "policyholder";

    /// <summary>Marks an endpoint (or a group) as reachable by agency access tokens.</summary>
    public static TBuilder AllowAgencyTokens<TBuilder>(this TBuilder builder, string? kind) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AgencyBusiness(kind));

    /// <summary>
    /// Refuses an agency token an endpoint not marked for it (403), and an entity of another agency (404). An id that
    /// names nothing is left to the endpoint, which answers its own 404. For a token only: one grain call (memory), or
    /// none for a submission this node holds a copy of (<see cref="ReadLeaseCache"/>).
    /// </summary>
    public static async Task Admit(HttpContext context, IGrainFactory grains, Caller caller, EndpointMetadataCollection metadata)
    {
        if (caller.Agency is not { } agency)
        {
            return;
        }
        var business = metadata.GetMetadata<AgencyBusiness>() ?? throw ApiException.Forbidden(
            "An agency access token reaches only submissions, policies, claims and policyholders; use an API key for this endpoint");
        if (business.Kind is not { } kind || context.GetRouteValue("id") is not string id)
        {
            return;
        }
        var tenant = new TenantGrains(grains, caller.Tenant);
        var (found, owner) = kind switch
        {
            // A read takes a lease; a write does not, or its own change would have to end it first.
            Submission => await (HttpMethods.IsGet(context.Request.Method)
                    ? context.RequestServices.GetRequiredService<ReadLeaseCache>().Read<ISubmissionGrain, SubmissionInfo>(tenant, IdPrefixes.Submission, id)
                    : tenant.Find<ISubmissionGrain>(IdPrefixes.Submission, id) is { } s ? new ValueTask<SubmissionInfo?>(s.Get()) : default) is { } submission
                ? (true, Kept(context, id, submission).Application.AgencyId) : (false, null),
            Policy => await PolicyAgency(tenant, id),
            Claim => tenant.Find<IClaimGrain>(IdPrefixes.Claim, id) is { } c && await c.Get() is { } claim ? (true, claim.AgencyId) : (false, null),
            Policyholder => tenant.Find<IPolicyholderGrain>(IdPrefixes.Policyholder, id) is { } h && await h.Get() is { } holder
                ? (true, holder.AgencyId) : (false, null),
            _ => throw new InvalidOperationException($"Unknown agency business kind {kind}."),
        };
        if (found && owner != agency.AgencyId)
        {
            throw ApiException.NotFound(char.ToUpperInvariant(kind[0]) + kind[1..]);
        }
    }

    /// <summary>What the check read of the request's resource, for its endpoint (read moments before, in this request).</summary>
    private sealed record Read(string Id, object Resource);

    private static T Kept<T>(HttpContext context, string id, T resource) where T : class
    {
        context.Features.Set(new Read(id, resource));
        return resource;
    }

    /// <summary>The resource <paramref name="id"/> as this request's visibility check read it, so its endpoint need not ask again.</summary>
    public static T? AlreadyRead<T>(HttpContext context, string id) where T : class =>
        context.Features.Get<Read>() is { } read && read.Id == id ? read.Resource as T : null;

    /// <summary>Whether the caller may see policy <paramref name="policyId"/> (an API key sees every policy of its tenant).</summary>
    public static async Task<bool> SeesPolicy(HttpContext context, IGrainFactory grains, string policyId)
    {
        var caller = context.Caller();
        if (caller.Agency is not { } agency)
        {
            return true;
        }
        var (exists, owner) = await PolicyAgency(new TenantGrains(grains, caller.Tenant), policyId);
        return !exists || owner == agency.AgencyId;
    }

    /// <summary>A list's tag filter, narrowed to the token's agency for an agency access token.</summary>
    public static IReadOnlyDictionary<string, string>? Tags(HttpContext context, IReadOnlyDictionary<string, string>? tags)
    {
        if (context.Caller().Agency is not { } agency)
        {
            return tags;
        }
        var narrowed = tags is null ? [] : new Dictionary<string, string>(tags);
        narrowed["agencyId"] = agency.AgencyId;
        return narrowed;
    }

    private static async Task<(bool Exists, string? AgencyId)> PolicyAgency(TenantGrains tenant, string id) =>
        tenant.Find<IPolicyGrain>(IdPrefixes.Policy, id) is { } p && await p.Get() is { } policy ? (true, policy.Application.AgencyId) : (false, null);
}
