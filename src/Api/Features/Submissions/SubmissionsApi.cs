using Insure.Api.Features.Policies;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Submissions;

/// <summary>`/v1/submissions`: applications, triage, quotes and binding.</summary>
public static class SubmissionsApi
{
    public static RouteGroupBuilder MapSubmissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/submissions")
            .WithTags("Submissions")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429)
            .AllowAgencyTokens(AgencyVisibility.Submission);

        group.MapPost("/", Create).RequireScope("submissions:write")
            .WithName("CreateSubmission")
            .WithSummary("Create a submission; the product's plan validates it (400 names the field)")
            .WithDescription("`policyholderId` and `producerId`, when sent, must be a policyholder and a producer (`prd_`, an agency or an "
                + "agent) of the caller's: otherwise 400 `validation_failed` naming the field. With an agency access token the producer is the token's "
                + "agent (an agency-level token: its agency, or one of that agency's agents when the body names one); a different `producerId` is "
                + "400 `validation_failed`. A submission with a producer binds only while "
                + "that producer may place the risk (see `POST /v1/submissions/{id}/bind`).");
        group.MapGet("/", List).RequireScope("submissions:read").WithPaging().WithCreatedRange()
            .WithQuery("status", "submitted, quoted, bound or declined")
            .WithQuery("producerId", "Submissions of this producer")
            .WithName("ListSubmissions")
            .WithSummary("List submissions; filter by `status`, `producerId`, `createdAfter`, `createdBefore`");
        group.MapGet("/{id}", Get).RequireScope("submissions:read")
            .WithName("GetSubmission")
            .WithSummary("Retrieve a submission with its triage and current quote");
        group.MapGet("/{id}/quote-readiness", Readiness).RequireScope("submissions:read")
            .WithName("GetQuoteReadiness")
            .WithSummary("Score 0..100, verdict (`ready`, `needs_info`, `referral_required`, `declined`), reasons and missing items");
        group.MapPost("/{id}/quote", Quote).RequireScope("submissions:write")
            .WithName("QuoteSubmission")
            .WithSummary("Rate the submission on the live plan: premium, taxes, fees, total and a step-by-step breakdown; valid 30 days")
            .WithDescription("`warnings` lists what the submission's producer lacks to place the risk (the same findings a bind would refuse "
                + "with); empty when it may, or when the submission has no producer.");
        group.MapPost("/{id}/bind", Bind).RequireScope("submissions:write")
            .WithName("BindSubmission")
            .WithSummary("Bind the current quote into a policy with an installment plan (`PIF`, `TWO_PAY`, `QUARTERLY`, `MONTHLY_10`, `MONTHLY_12`)")
            .WithDescription("A submission whose triage is `declined` is never bound. One whose triage is `referral_required` is bound only "
                + "after a referral on it is approved (`POST /v1/referrals`, then `POST /v1/referrals/{id}/decision`); until then the 422 "
                + "names the open referral (`details.referralId`) or says to create one. A submission declined by a rejected referral "
                + "answers 422 `invalid_state_transition`. A submission with a `producerId` binds only when that producer, or an agent's "
                + "agency, holds both a license for the risk's state covering its line, unexpired on the effective date, and an active "
                + "appointment for them in effect by then, and neither the agent nor its agency is suspended or terminated; otherwise 422 "
                + "`business_rule_violation` with `details.rule` `producer_authority` and `details.missing` naming each thing missing.");
        return group;
    }

    private static async Task<Created<SubmissionResource>> Create(
        CreateSubmissionRequest? body, HttpContext context, IGrainFactory grains)
    {
        var time = context.TenantClock();
        Validate.Body(body);
        var draft = ToDraft(body!);
        if (context.Caller().Agency is { } agency)
        {
            draft = draft with { ProducerId = await AgencyProducer(agency, draft.ProducerId, context, grains) };
        }
        var id = context.NewId(IdPrefixes.Submission);
        var created = (await context.TenantGrains(grains).Get<ISubmissionGrain>(id).Create(draft, context.Caller().Actor)).ValueOrThrow()!;
        return TypedResults.Created($"/v1/submissions/{id}", created.ToResource(time.GetUtcNow()));
    }

    private static async Task<ListPage<SubmissionResource>> List(
        HttpContext context, IQueryStore queries)
    {
        var time = context.TenantClock();
        var request = context.Request;
        var paging = PageRequest.From(request);
        var filter = new QueryFilter(
            AgencyVisibility.Tags(context, QueryParameters.Tags(request, "status", "producerId")),
            QueryParameters.Timestamp(request, "createdAfter"),
            QueryParameters.Timestamp(request, "createdBefore"));
        var now = time.GetUtcNow();
        return await queries.Read<SubmissionInfo, SubmissionResource>(QueryKinds.Submission, context.Caller().Tenant.ToString(), filter, paging,
            submission => submission.ToResource(now));
    }

    private static async Task<Results<OkJson<SubmissionResource>, NotFound<ApiError>>> Get(
        string id, HttpContext context, IGrainFactory grains)
    {
        var submission = await Find(id, context, grains);
        // The tenant's clock is read once the grain has answered, so a quote expiring meanwhile shows expired.
        return submission is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Submission"))
            : submission.ToOk(context, context.TenantClock().GetUtcNow());
    }

    private static async Task<Results<Ok<ReadinessResource>, NotFound<ApiError>>> Readiness(string id, HttpContext context, IGrainFactory grains)
    {
        var submission = await Find(id, context, grains);
        return submission is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Submission"))
            : TypedResults.Ok(new ReadinessResource(submission.Id, "quote_readiness", submission.Triage.Score, submission.Triage.Verdict,
                submission.Triage.Reasons, submission.Triage.Missing));
    }

    private static async Task<Results<Created<QuoteResource>, NotFound<ApiError>>> Quote(
        string id, HttpContext context, IGrainFactory grains)
    {
        var time = context.TenantClock();
        var grain = context.TenantGrains(grains).Find<ISubmissionGrain>(IdPrefixes.Submission, id);
        var submission = grain is null ? null : (await grain.Quote(context.Caller().Actor)).ValueOrThrow();
        return submission?.Quote is { } quote
            ? TypedResults.Created($"/v1/submissions/{id}", quote.ToResource(id, bound: false, time.GetUtcNow()))
            : TypedResults.NotFound(ErrorResponses.NotFound(context, "Submission"));
    }

    private static async Task<Results<Created<PolicyResource>, NotFound<ApiError>>> Bind(
        string id, BindRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var plan = Validate.Required(body!.InstallmentPlan, "installmentPlan");
        if (!InstallmentPlans.All.Contains(plan))
        {
            throw ApiException.Validation("installmentPlan", "enum", $"installmentPlan must be one of {string.Join(", ", InstallmentPlans.All)}");
        }
        var grain = context.TenantGrains(grains).Find<ISubmissionGrain>(IdPrefixes.Submission, id);
        // Keyed: a retry of this request after its answer was lost gets the policy it bound, not a refusal.
        var requestKey = context.RequestKey("bindreq");
        var policy = grain is null ? null : (await grain.Bind(plan, context.Caller().Actor, requestKey)).ValueOrThrow();
        return policy is not null
            ? TypedResults.Created($"/v1/policies/{policy.Id}", policy.ToResource() with { Claims = PolicyClaimsResource.None })
            : TypedResults.NotFound(ErrorResponses.NotFound(context, "Submission"));
    }

    /// <summary>
    /// The producer of a submission an agency access token creates: the token's agent, or for an agency-level token the
    /// agency itself, when the body names none or names that same producer. An agency-level token may also name one of
    /// its agency's agents. Any other producer is refused (400 naming `producerId`) rather than silently replaced, so an
    /// integrator that sends the wrong id learns of it instead of finding the submission under someone else.
    /// </summary>
    private static async Task<string> AgencyProducer(AgencyAccess agency, string? requested, HttpContext context, IGrainFactory grains)
    {
        var own = agency.AgentId ?? agency.AgencyId;
        if (requested is null || requested == own)
        {
            return own;
        }
        if (agency.AgentId is null
            && context.TenantGrains(grains).Find<IProducerGrain>(IdPrefixes.Producer, requested) is { } producer
            && await producer.Get() is { AgencyId: { } parent } && parent == agency.AgencyId)
        {
            return requested;
        }
        throw ApiException.Validation("producerId", "agency_token",
            agency.AgentId is null
                ? $"This agency access token creates submissions for agency {agency.AgencyId} or one of its agents; leave producerId out or name one of them"
                : $"This agency access token creates submissions for agent {agency.AgentId}; leave producerId out or send that id");
    }

    private static async Task<SubmissionInfo?> Find(string id, HttpContext context, IGrainFactory grains) =>
        AgencyVisibility.AlreadyRead<SubmissionInfo>(context, id)
        ?? await context.RequestServices.GetRequiredService<ReadLeaseCache>()
            .Read<ISubmissionGrain, SubmissionInfo>(context.TenantGrains(grains), IdPrefixes.Submission, id);

    /// <summary>
    /// The request's shape: required fields present, values of the right JSON types, ids well formed. Whether the draft
    /// fits the product's plan is the submission's own decision (<c>SubmissionRules</c>).
    /// </summary>
    private static SubmissionDraft ToDraft(CreateSubmissionRequest body)
    {
        var insuredName = Validate.Required(body.InsuredName, "insuredName");
        var code = Validate.Required(body.LineOfBusiness, "lineOfBusiness", 40);
        var effective = Validate.Required(body.EffectiveDate, "effectiveDate");
        var fields = new Dictionary<string, string>();
        void Field(string name, string? value)
        {
            if (value is not null)
            {
                fields[name] = value;
            }
        }
        Field("state", body.State?.Trim().ToUpperInvariant());
        Field("naicsCode", body.NaicsCode?.Trim());
        Field("annualRevenue", InputValues.Canonical(body.AnnualRevenue));
        Field("requestedLimit", InputValues.Canonical(body.RequestedLimit));
        Field("deductible", InputValues.Canonical(body.Deductible));
        Field("scheduleModifier", InputValues.Canonical(body.ScheduleModifier));
        var attributes = (body.Attributes ?? []).ToDictionary(a => a.Key, a => JsonValues.Canonical(a.Value, $"attributes.{a.Key}"));
        var losses = body.LossHistory?.Select((loss, i) => new Loss(
            Validate.Required(loss?.Date, $"lossHistory[{i}].date"),
            Validate.Required(loss?.Amount, $"lossHistory[{i}].amount"),
            loss!.Description)).ToArray();
        foreach (var (idField, value, prefix) in new[] { ("policyholderId", body.PolicyholderId, IdPrefixes.Policyholder), ("producerId", body.ProducerId, IdPrefixes.Producer) })
        {
            if (value is not null && !Ids.IsValid(prefix, value))
            {
                throw ApiException.Validation(idField, "format", $"{idField} is not a valid id");
            }
        }
        return new SubmissionDraft(insuredName, code, effective, body.ExpirationDate, fields, attributes, losses, body.PolicyholderId, body.ProducerId);
    }
}
