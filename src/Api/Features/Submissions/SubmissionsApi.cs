using System.Globalization;
using System.Text.Json;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Events;
using Insure.Grains.Hosting;
using Insure.Grains.Products;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Submissions;

public sealed record LossRequest(DateOnly? Date, decimal? Amount, string? Description);

/// <summary>
/// An application for cover. GL's inputs are top-level fields (as OpenInsure's submissions have them); inputs of
/// other products go in `attributes` (e.g. dinosure's `coverAmount`, `age`, `species`, `healthChecksUpdated`).
/// </summary>
public sealed record CreateSubmissionRequest(
    string? InsuredName, string? LineOfBusiness, DateOnly? EffectiveDate, DateOnly? ExpirationDate, string? State,
    string? NaicsCode, decimal? AnnualRevenue, decimal? RequestedLimit, decimal? Deductible, decimal? ScheduleModifier,
    LossRequest[]? LossHistory, Dictionary<string, JsonElement>? Attributes, string? PolicyholderId, string? ProducerId);

public sealed record BindRequest(string? InstallmentPlan);

public sealed record ReadinessResource(string SubmissionId, string Object, int Score, string Verdict, string[] Reasons, string[] Missing);

/// <summary>`/v1/submissions`: applications, triage, quotes and binding.</summary>
public static class SubmissionsApi
{
    public static RouteGroupBuilder MapSubmissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/submissions")
            .WithTags("Submissions")
            .WithErrorResponses(400, 401, 403, 404, 409, 413, 422, 429);

        group.MapPost("/", Create).RequireScope("submissions:write")
            .WithName("CreateSubmission")
            .WithSummary("Create a submission; the product's plan validates it (400 names the field)");
        group.MapGet("/", List).RequireScope("submissions:read").WithPaging().WithCreatedRange()
            .WithQuery("status", "submitted, quoted or bound")
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
            .WithSummary("Rate the submission on the live plan: premium, taxes, fees, total and a step-by-step breakdown; valid 30 days");
        group.MapPost("/{id}/bind", Bind).RequireScope("submissions:write")
            .WithName("BindSubmission")
            .WithSummary("Bind the current quote into a policy with an installment plan (`PIF`, `TWO_PAY`, `QUARTERLY`, `MONTHLY_10`, `MONTHLY_12`)");
        return group;
    }

    private static async Task<Created<SubmissionResource>> Create(
        CreateSubmissionRequest? body, HttpContext context, IGrainFactory grains, ProductCatalog catalog,
        [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    {
        Validate.Body(body);
        var caller = context.Caller();
        var application = ToApplication(body!, catalog);
        if (application.PolicyholderId is { } holder && await grains.GetGrain<IPolicyholderGrain>(caller.Tenant.KeyFor(holder)).Get() is null)
        {
            throw ApiException.Validation("policyholderId", "not_found", $"There is no policyholder {holder}");
        }
        var id = Ids.New("sub", time);
        var created = await grains.GetGrain<ISubmissionGrain>(caller.Tenant.KeyFor(id)).Create(application, caller.Actor);
        return TypedResults.Created($"/v1/submissions/{id}", created.ToResource(time.GetUtcNow()));
    }

    private static async Task<ListPage<SubmissionResource>> List(
        HttpContext context, IQueryStore queries, [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var filter = new QueryFilter(
            QueryParameters.Tags(request, "status", "producerId"),
            QueryParameters.Timestamp(request, "createdAfter"),
            QueryParameters.Timestamp(request, "createdBefore"));
        var now = time.GetUtcNow();
        return await queries.Read<SubmissionInfo, SubmissionResource>(QueryKinds.Submission, context.Caller().Tenant.ToString(), filter, paging,
            submission => submission.ToResource(now));
    }

    private static async Task<Results<Ok<SubmissionResource>, NotFound<ApiError>>> Get(
        string id, HttpContext context, IGrainFactory grains, [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    {
        var submission = await Find(id, context, grains);
        return submission is null
            ? TypedResults.NotFound(ErrorResponses.NotFound(context, "Submission"))
            : TypedResults.Ok(submission.ToResource(time.GetUtcNow()));
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
        string id, HttpContext context, IGrainFactory grains, [FromKeyedServices(InsureHosting.Clock)] TimeProvider time)
    {
        var caller = context.Caller();
        var outcome = Ids.IsValid("sub", id) ? await grains.GetGrain<ISubmissionGrain>(caller.Tenant.KeyFor(id)).Quote(caller.Actor) : null;
        if (outcome?.Violation is { } violation)
        {
            throw violation.ToApiException();
        }
        return outcome?.Submission?.Quote is { } quote
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
        var caller = context.Caller();
        var outcome = Ids.IsValid("sub", id) ? await grains.GetGrain<ISubmissionGrain>(caller.Tenant.KeyFor(id)).Bind(plan, caller.Actor) : null;
        if (outcome?.Violation is { } violation)
        {
            throw violation.ToApiException();
        }
        return outcome?.Policy is { } policy
            ? TypedResults.Created($"/v1/policies/{policy.Id}", policy.ToResource())
            : TypedResults.NotFound(ErrorResponses.NotFound(context, "Submission"));
    }

    private static async Task<SubmissionInfo?> Find(string id, HttpContext context, IGrainFactory grains) =>
        Ids.IsValid("sub", id) ? await grains.GetGrain<ISubmissionGrain>(context.Caller().Tenant.KeyFor(id)).Get() : null;

    /// <summary>Checks the request against the product's plan and turns it into the grain's application.</summary>
    private static SubmissionApplication ToApplication(CreateSubmissionRequest body, ProductCatalog catalog)
    {
        var insuredName = Validate.Required(body.InsuredName, "insuredName");
        var code = Validate.Required(body.LineOfBusiness, "lineOfBusiness", 40);
        var plan = catalog.Find(code) ?? throw ApiException.Validation("lineOfBusiness", "not_in_catalog",
            $"lineOfBusiness {code} is not a product; available: {string.Join(", ", catalog.All.Select(p => p.Code))}");
        var effective = Validate.Required(body.EffectiveDate, "effectiveDate");
        if (body.ExpirationDate is { } expiration && (expiration <= effective || expiration > effective.AddMonths(18)))
        {
            throw ApiException.Validation("expirationDate", "range", "expirationDate must be after effectiveDate and at most 18 months later");
        }

        var inputs = new Dictionary<string, string>();
        void TopLevel(string name, string? value)
        {
            if (value is null)
            {
                return;
            }
            if (name != "state" && !plan.Inputs.ContainsKey(name))
            {
                throw ApiException.Validation(name, "not_applicable", $"{name} is not an input of {plan.Code}");
            }
            inputs[name] = value;
        }
        TopLevel("state", body.State?.Trim().ToUpperInvariant());
        TopLevel("naicsCode", body.NaicsCode?.Trim());
        TopLevel("annualRevenue", JsonValues.Canonical(body.AnnualRevenue));
        TopLevel("requestedLimit", JsonValues.Canonical(body.RequestedLimit));
        TopLevel("deductible", JsonValues.Canonical(body.Deductible));
        TopLevel("scheduleModifier", JsonValues.Canonical(body.ScheduleModifier));
        foreach (var (name, value) in body.Attributes ?? [])
        {
            var field = $"attributes.{name}";
            if (SubmissionResources.TopLevelInputs.Contains(name) || !plan.Inputs.ContainsKey(name))
            {
                throw ApiException.Validation(field, "unknown_field", $"{name} is not an attribute of {plan.Code}");
            }
            inputs[name] = JsonValues.Canonical(value, field);
        }
        var losses = body.LossHistory?.Select((loss, i) => new Loss(
            Validate.Required(loss?.Date, $"lossHistory[{i}].date"),
            Validate.Required(loss?.Amount, $"lossHistory[{i}].amount"),
            loss!.Description)).ToArray();
        foreach (var (idField, value, prefix) in new[] { ("policyholderId", body.PolicyholderId, "ph"), ("producerId", body.ProducerId, null) })
        {
            if (value is not null && (value.Length is 0 or > 100 || prefix is not null && !Ids.IsValid(prefix, value)))
            {
                throw ApiException.Validation(idField, "format", $"{idField} is not a valid id");
            }
        }

        // Numbers sent as text ("05", "+5") are kept in the same canonical form as numbers sent as numbers.
        foreach (var (name, spec) in plan.Inputs.Where(i => i.Value.Type is "number" or "integer"))
        {
            if (inputs.TryGetValue(name, out var raw) && decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            {
                inputs[name] = JsonValues.Canonical(number)!;
            }
        }
        var application = new SubmissionApplication(insuredName, plan.Code, effective, body.ExpirationDate, inputs, losses,
            body.PolicyholderId, body.ProducerId);
        var issue = RatingEngine.Validate(plan, new RatingApplication(effective, inputs, losses ?? [])).FirstOrDefault();
        if (issue is not null)
        {
            var field = SubmissionResources.TopLevelInputs.Contains(issue.Field) || issue.Field.StartsWith("lossHistory", StringComparison.Ordinal)
                ? issue.Field
                : $"attributes.{issue.Field}";
            throw ApiException.Validation(field, issue.Rule, issue.Field == field ? issue.Message : $"attributes.{issue.Message}");
        }
        return application;
    }
}
