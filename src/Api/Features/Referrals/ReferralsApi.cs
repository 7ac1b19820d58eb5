using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Referrals;

/// <summary>`/v1/referrals`: asking an underwriter to decide on a submission, policy or claim, and the decision.</summary>
public static class ReferralsApi
{
    public static RouteGroupBuilder MapReferrals(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/referrals")
            .WithTags("Referrals")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        group.MapPost("/", Create).RequireScope("referrals:write")
            .WithName("CreateReferral")
            .WithSummary("Refer a submission, policy or claim to an underwriter, optionally linked to a deal room")
            .WithDescription("Body `{\"entityType\":\"submission\"|\"policy\"|\"claim\",\"entityId\",\"reason\",\"dealRoomId\"?,\"assignedTo\"?}`. "
                + "The entity and the deal room must be the caller's (else 400 naming the field); `reason` is required (at most 1,000 characters), "
                + "`assignedTo` is the underwriter's id of the integrator's own (at most 100). A bound or declined submission cannot be referred (422). "
                + "A submission whose triage is `referral_required` binds only once a referral on it is approved; a policy endorsement whose "
                + "changed terms need underwriting takes an approved referral on the policy as `referralId`. Raises `referral.created`.");
        group.MapGet("/", List).RequireScope("referrals:read").WithPaging()
            .WithQuery("status", "open, approved or rejected")
            .WithQuery("entityType", "submission, policy or claim")
            .WithQuery("entityId", "Only the referrals of this submission, policy or claim")
            .WithQuery("assignedTo", "Only the referrals assigned to this underwriter")
            .WithName("ListReferrals")
            .WithSummary("List referrals, newest first; filter by `status`, `entityType`, `entityId`, `assignedTo`");
        group.MapGet("/{id}", Get).RequireScope("referrals:read")
            .WithName("GetReferral")
            .WithSummary("Retrieve a referral with its decisions");
        group.MapPost("/{id}/decision", Decide).RequireScope("referrals:decide")
            .WithName("DecideReferral")
            .WithSummary("Approve, reject or ask for more information on an open referral; needs the `referrals:decide` scope")
            .WithDescription("Body `{\"decision\":\"approve\"|\"reject\"|\"request_info\",\"notes\"}` (`notes` at most 2,000 characters, required "
                + "for `request_info`). `approve` and `reject` close the referral; a decided referral cannot be decided again (422 "
                + "`invalid_state_transition`). `request_info` records the request and leaves it `open` with `infoRequested: true` until a final "
                + "decision. An approval lets a `referral_required` submission bind (or covers one endorsement of a policy); a rejection declines a "
                + "submission (`submission.declined`). Each decision is posted in the linked deal room as a `system` message and raises "
                + "`referral.approved`, `referral.rejected` or `referral.info_requested`. Only a key holding `referrals:decide` (or `*`) may decide: "
                + "`referrals:write` does not include it.");
        return group;
    }

    private static async Task<Created<ReferralResource>> Create(CreateReferralRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var id = Ids.New(IdPrefixes.Referral, context.TenantClock());
        var created = (await context.TenantGrains(grains).Get<IReferralGrain>(id).Create(new NewReferral(
            body!.EntityType, body.EntityId, body.Reason, body.DealRoomId, body.AssignedTo, context.Caller().Actor))).ValueOrThrow()!;
        return TypedResults.Created($"/v1/referrals/{id}", created.ToResource());
    }

    private static async Task<ListPage<ReferralResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        QueryParameters.OneOf(request, "status", ReferralStatuses.All);
        QueryParameters.OneOf(request, "entityType", ReferralEntityTypes.All);
        return await queries.Read<ReferralInfo, ReferralResource>(QueryKinds.Referral, context.Caller().Tenant.ToString(),
            new QueryFilter(QueryParameters.Tags(request, "status", "entityType", "entityId", "assignedTo")), PageRequest.From(request),
            r => r.ToResource());
    }

    private static async Task<Results<Ok<ReferralResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var referral = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return referral is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Referral")) : TypedResults.Ok(referral.ToResource());
    }

    private static async Task<Results<Ok<ReferralResource>, NotFound<ApiError>>> Decide(
        string id, DecideReferralRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var referral = Grain(id, context, grains) is { } grain
            ? (await grain.Decide(new NewReferralDecision(body!.Decision, body.Notes, context.Caller().Actor))).ValueOrThrow()
            : null;
        return referral is null ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Referral")) : TypedResults.Ok(referral.ToResource());
    }

    private static IReferralGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IReferralGrain>(IdPrefixes.Referral, id);
}
