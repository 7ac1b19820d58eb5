using System.Globalization;
using System.Text.Json;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Policies;

/// <summary>`/v1/policies`: issued policies and their lifecycle.</summary>
public static class PoliciesApi
{
    public static RouteGroupBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/policies")
            .WithTags("Policies")
            .WithErrorResponses(400, 401, 403, 404, 409, 422, 429)
            .AllowAgencyTokens(AgencyVisibility.Policy);

        group.MapGet("/", List).RequireScope("policies:read").WithPaging()
            .WithQuery("status", "bound, active, pending_cancellation, cancelled or expired")
            .WithQuery("lineOfBusiness", "Product code, e.g. GL")
            .WithQuery("policyholderId", "Policies of this policyholder")
            .WithQuery("producerId", "Policies of this producer")
            .WithQuery("effectiveAfter", "Effective on or after this date", "date")
            .WithQuery("effectiveBefore", "Effective on or before this date", "date")
            .WithName("ListPolicies")
            .WithSummary("List policies; filter by `status`, `lineOfBusiness`, `policyholderId`, `producerId`, `effectiveAfter`, `effectiveBefore` (dates, inclusive)");
        group.MapGet("/{id}", Get).RequireScope("policies:read")
            .WithQuery("asOf", "Show the terms in force on this date", "date")
            .WithName("GetPolicy")
            .WithSummary("Retrieve a policy (`asOf=YYYY-MM-DD` shows the terms in force that day); the ETag header is its version for If-Match");
        group.MapGet("/{id}/timeline", Timeline).RequireScope("policies:read").WithPaging()
            .WithName("GetPolicyTimeline")
            .WithSummary("Every transaction, newest first: bind, endorse, cancel, reinstate, renew, expire, with who, when, effective date and premium effect");
        group.MapPost("/{id}/endorse", Endorse).RequireScope("policies:write")
            .WithName("EndorsePolicy")
            .WithSummary("Change terms from a date: re-rates and charges or refunds the pro-rata difference for the rest of the term")
            .WithDescription("Body `{\"effectiveDate\",\"changes\":{input: value, \"insuredName\"?},\"reason\",\"referralId\"?}`. New terms are "
                + "triaged like new business: a declined class is refused (422); terms that need a referral are refused (422, saying how to "
                + "proceed) unless `referralId` names a referral on this policy that an underwriter approved and no other endorsement has used. "
                + "The version made records the referral it used (`referralId` in the response).");
        group.MapPost("/{id}/cancel", Cancel).RequireScope("policies:write")
            .WithName("CancelPolicy")
            .WithSummary("Cancel (`pro_rata`, `short_rate` or `flat`); effective today or earlier: cancelled, later: pending_cancellation until then. " +
                "Short rate keeps a share of the pro-rata return by elapsed term: up to 25% -> 10%, 50% -> 8%, 75% -> 6%, else 4%");
        group.MapPost("/{id}/reinstate", Reinstate).RequireScope("policies:write")
            .WithName("ReinstatePolicy")
            .WithSummary("Reinstate a cancelled (within the reinstatement window) or pending-cancellation policy with no gap in cover; reverses the return premium");
        group.MapPost("/{id}/renew", Renew).RequireScope("policies:write")
            .WithName("RenewPolicy")
            .WithSummary("Issue the next term from the expiration date, re-rated on the live plan; allowed any time before expiry");
        return group;
    }

    private static async Task<ListPage<PolicyResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var from = QueryParameters.Date(request, "effectiveAfter");
        var to = QueryParameters.Date(request, "effectiveBefore");
        var filter = new QueryFilter(
            AgencyVisibility.Tags(context, QueryParameters.Tags(request, "status", "lineOfBusiness", "policyholderId", "producerId")),
            Ranges: from is null && to is null ? null : [new TagRange("effectiveDate", from?.ToString("yyyy-MM-dd"), to?.ToString("yyyy-MM-dd"))]);
        var page = await queries.Read<PolicyInfo, PolicyResource>(QueryKinds.Policy, context.Caller().Tenant.ToString(), filter, paging, p => p.ToResource());
        var claims = await PolicyClaims.For(queries, context, page.Data.Select(p => p.Id).ToList());
        return page with { Data = page.Data.Select(p => p with { Claims = claims[p.Id] }).ToList() };
    }

    private static async Task<Results<Ok<PolicyResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        var asOf = QueryParameters.Date(context.Request, "asOf");
        var grain = Grain(id, context, grains);
        var policy = grain is null ? null : asOf is { } date ? await grain.GetAsOf(date) : await grain.Get();
        if (policy is null)
        {
            return NotFound(context);
        }
        var method = await context.TenantGrains(grains).Get<IPolicyBillingGrain>(policy.Id).PaymentMethod();
        return TypedResults.Ok(await Tagged(context, policy, queries) with { PaymentMethod = method });
    }

    private static async Task<Results<Ok<ListPage<TimelineEntryResource>>, NotFound<ApiError>>> Timeline(string id, HttpContext context, IGrainFactory grains)
    {
        var paging = PageRequest.From(context.Request);
        var timeline = Grain(id, context, grains) is { } grain ? await grain.GetTimeline() : null;
        if (timeline is null)
        {
            return NotFound(context);
        }
        var entries = timeline.Reverse().Select(t => new TimelineEntryResource(t.Type, t.At, t.By, t.EffectiveDate, t.PremiumEffect, t.TaxesEffect,
            t.FeesEffect, t.VersionNumber, t.Reason, t.RelatedPolicyId)).ToList();
        return TypedResults.Ok(ListPages.Of(entries, paging));
    }

    private static async Task<Results<Ok<EndorsementResource>, NotFound<ApiError>>> Endorse(
        string id, EndorseRequest? body, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        Validate.Body(body);
        var effective = Validate.Required(body!.EffectiveDate, "effectiveDate");
        var changes = body.Changes ?? throw ApiException.Validation("changes", "required", "Missing required field: changes");
        if (changes.Count == 0)
        {
            throw ApiException.Validation("changes", "min_items", "changes must name at least one term to change");
        }
        string? insuredName = null;
        var inputs = new Dictionary<string, string>();
        foreach (var (name, value) in changes)
        {
            if (name == "insuredName")
            {
                insuredName = value.ValueKind == JsonValueKind.String ? Validate.Required(value.GetString(), "changes.insuredName") : throw ApiException.Validation("changes.insuredName", "type", "changes.insuredName must be a string");
                continue;
            }
            inputs[name] = JsonValues.Canonical(value, $"changes.{name}");
        }
        var reason = Validate.Required(body.Reason, "reason", 500);
        if (body.ReferralId is { } referralId && !Ids.IsValid(IdPrefixes.Referral, referralId))
        {
            throw ApiException.Validation("referralId", "format", "referralId must be a referral id (ref_...)");
        }
        var grain = Grain(id, context, grains);
        var result = grain is null ? null
            : (await grain.Endorse(new Endorsement(effective, inputs, insuredName, reason, context.Caller().Actor, body.ReferralId), IfMatch(context))).ValueOrThrow();
        if (result is null)
        {
            return NotFound(context);
        }
        var (policy, version) = (result.Policy, result.Version);
        return TypedResults.Ok(new EndorsementResource("endorsement", policy.Id, version.Number, version.EffectiveDate, version.PremiumDelta,
            version.TaxesDelta, version.FeesDelta, version.PremiumDelta + version.TaxesDelta + version.FeesDelta, version.Rating.GrossPremium,
            version.Reason, await Tagged(context, policy, queries), version.ReferralId));
    }

    private static async Task<Results<Ok<CancellationResultResource>, NotFound<ApiError>>> Cancel(
        string id, CancelRequest? body, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        Validate.Body(body);
        var effective = Validate.Required(body!.EffectiveDate, "effectiveDate");
        var reason = Validate.Required(body.Reason, "reason", 500);
        var method = body.Method ?? CancellationMethods.ProRata;
        if (!CancellationMethods.All.Contains(method))
        {
            throw ApiException.Validation("method", "enum", $"method must be one of {string.Join(", ", CancellationMethods.All)}");
        }
        var grain = Grain(id, context, grains);
        var policy = grain is null ? null
            : (await grain.Cancel(new CancellationRequest(effective, method, reason, context.Caller().Actor), IfMatch(context))).ValueOrThrow();
        if (policy is null)
        {
            return NotFound(context);
        }
        var resource = await Tagged(context, policy, queries);
        return TypedResults.Ok(new CancellationResultResource("cancellation", policy.Id, policy.Status, resource.Cancellation!, resource));
    }

    private static async Task<Results<Ok<PolicyResource>, NotFound<ApiError>>> Reinstate(
        string id, ReinstateRequest? body, HttpContext context, IGrainFactory grains, IQueryStore queries)
    {
        var reason = body?.Reason is { } r ? Validate.Required(r, "reason", 500) : null;
        var grain = Grain(id, context, grains);
        var policy = grain is null ? null : (await grain.Reinstate(reason, context.Caller().Actor, IfMatch(context))).ValueOrThrow();
        return policy is null ? NotFound(context) : TypedResults.Ok(await Tagged(context, policy, queries));
    }

    private static async Task<Results<Created<PolicyResource>, NotFound<ApiError>>> Renew(string id, HttpContext context, IGrainFactory grains)
    {
        var grain = Grain(id, context, grains);
        var renewal = grain is null ? null : (await grain.Renew(context.Caller().Actor, IfMatch(context))).ValueOrThrow();
        return renewal is null
            ? NotFound(context)
            : TypedResults.Created($"/v1/policies/{renewal.Id}", renewal.ToResource() with { Claims = PolicyClaimsResource.None });
    }

    private static IPolicyGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IPolicyGrain>(IdPrefixes.Policy, id);

    private static NotFound<ApiError> NotFound(HttpContext context) => TypedResults.NotFound(ErrorResponses.NotFound(context, "Policy"));

    /// <summary>Sets the ETag header to the policy's version and returns its resource, with its claim totals.</summary>
    private static async Task<PolicyResource> Tagged(HttpContext context, PolicyInfo policy, IQueryStore queries)
    {
        context.Response.Headers.ETag = $"\"{policy.ETag.ToString(CultureInfo.InvariantCulture)}\"";
        return await policy.ToResource().With(queries, context);
    }

    /// <summary>The version an `If-Match` header expects (`"3"`), null when absent or `*`.</summary>
    private static long? IfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }
        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw ApiException.Validation("If-Match", "format", "If-Match must be an ETag this API returned, such as \"3\"");
    }
}
