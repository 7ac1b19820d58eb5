using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Insure.Api.Features.Claims;

/// <summary>`/v1/claims`: first notice of loss to close. Handlers check the request's shape; the claim grain decides.</summary>
public static class ClaimsApi
{
    public static RouteGroupBuilder MapClaims(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/claims")
            .WithTags("Claims")
            .WithErrorResponses(400, 401, 403, 404, 409, 422, 429)
            .AllowAgencyTokens(AgencyVisibility.Claim);

        group.MapPost("/", File).RequireScope("claims:write")
            .WithName("FileClaim")
            .WithSummary("First notice of loss: checks coverage against the policy version in force on `dateOfLoss` (within the period, " +
                "before any completed or scheduled cancellation; a future date: 400; not covered: 422 naming the rule) and files an `open` " +
                "claim numbered `CLM-YYYY-NNNNNN` with that version's per-occurrence limit and deductible");
        group.MapGet("/", List).RequireScope("claims:read").WithPaging().WithCreatedRange()
            .WithQuery("status", "open, investigating, in_settlement, settled, denied, closed or reopened")
            .WithQuery("adjusterId", "Claims assigned to this adjuster")
            .WithQuery("policyId", "Claims against this policy")
            .WithQuery("litigation", "true or false")
            .WithName("ListClaims")
            .WithSummary("List claims; filter by `status`, `adjusterId`, `policyId`, `litigation`, `createdAfter`, `createdBefore`");
        group.MapGet("/{id}", Get).RequireScope("claims:read")
            .WithName("GetClaim")
            .WithSummary("Retrieve a claim with its reserves, reserve history, payments and status history");
        group.MapPost("/{id}/investigate", Investigate).RequireScope("claims:write")
            .WithName("InvestigateClaim")
            .WithSummary("Assign an adjuster and start the investigation (from open, or from reopened)");
        group.MapPost("/{id}/reserves", SetReserve).RequireScope("claims:write")
            .WithName("SetClaimReserve")
            .WithSummary("Set the `indemnity` or `expense` reserve to `amount` (>= 0); the change is appended to the reserve history. " +
                "Allowed while the claim is open, investigating, in settlement or reopened");
        group.MapPost("/{id}/settle", Settle).RequireScope("claims:write")
            .WithName("SettleClaim")
            .WithSummary("Record a settlement payment (from investigating or in_settlement). The first `deductible` of settled loss is not paid; " +
                "payments net of it may never exceed the per-occurrence limit (422 rule `per_occurrence_limit`) nor the outstanding indemnity " +
                "reserve, which each payment reduces. Partial payments leave the claim in_settlement; the one that pays the reserve out settles it");
        group.MapPost("/{id}/deny", Deny).RequireScope("claims:write")
            .WithName("DenyClaim")
            .WithSummary("Deny an open, investigating or in-settlement claim");
        group.MapPost("/{id}/close", Close).RequireScope("claims:write")
            .WithName("CloseClaim")
            .WithSummary("Close a settled or denied claim; open reserves go to zero, recorded in the reserve history");
        group.MapPost("/{id}/reopen", Reopen).RequireScope("claims:write")
            .WithName("ReopenClaim")
            .WithSummary("Reopen a closed claim within Insure:Claims:ReopenWindowDays (default 365) of closing; investigate it again next");
        group.MapPost("/{id}/litigation", Litigation).RequireScope("claims:write")
            .WithName("SetClaimLitigation")
            .WithSummary("Set or clear the litigation flag `{\"litigation\": true|false}`; allowed in any state short of denied or closed");
        group.MapClaimAttachments(routes.ServiceProvider.GetRequiredService<ApiOptions>().Claims);
        return group;
    }

    private static async Task<Results<Created<ClaimResource>, NotFound<ApiError>>> File(FileClaimRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var policyId = Validate.Required(body!.PolicyId, "policyId", 40);
        var dateOfLoss = Validate.Required(body.DateOfLoss, "dateOfLoss");
        var description = Validate.Required(body.Description, "description", 2000);
        var claimant = body.Claimant ?? throw ApiException.Validation("claimant", "required", "Missing required field: claimant");
        var name = Validate.Required(claimant.Name, "claimant.name");
        var email = Optional(claimant.Email, "claimant.email", 254);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            throw ApiException.Validation("claimant.email", "format", "claimant.email must be an email address");
        }
        var phone = Optional(claimant.Phone, "claimant.phone", 40);
        if (body.EstimatedAmount is { } estimate)
        {
            Validate.Money(estimate, "estimatedAmount");
        }
        if (body.EstimatedAmount is < 0)
        {
            throw ApiException.Validation("estimatedAmount", "min", "estimatedAmount cannot be negative");
        }
        var notice = new NewClaim(policyId, dateOfLoss, description, new Claimant(name, email, phone), Optional(body.LossLocation, "lossLocation", 500),
            body.EstimatedAmount, Optional(body.ReportedBy, "reportedBy"), context.Caller().Actor);
        if (!await AgencyVisibility.SeesPolicy(context, grains, policyId))
        {
            // The same answer the claim gives for a policy that does not exist.
            throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Policy not found", new Dictionary<string, string> { ["field"] = "policyId" });
        }
        var id = context.NewId(IdPrefixes.Claim);
        var claim = (await context.TenantGrains(grains).Get<IClaimGrain>(id).File(notice)).ValueOrThrow();
        return claim is null ? NotFound(context) : TypedResults.Created($"/v1/claims/{claim.Id}", claim.ToResource());
    }

    private static async Task<ListPage<ClaimResource>> List(HttpContext context, IQueryStore queries)
    {
        var request = context.Request;
        var paging = PageRequest.From(request);
        var litigation = request.Query["litigation"].ToString();
        if (litigation.Length > 0 && litigation is not ("true" or "false"))
        {
            throw ApiException.Validation("litigation", "enum", "litigation must be true or false");
        }
        var filter = new QueryFilter(
            AgencyVisibility.Tags(context, QueryParameters.Tags(request, "status", "adjusterId", "policyId", "litigation")),
            QueryParameters.Timestamp(request, "createdAfter"),
            QueryParameters.Timestamp(request, "createdBefore"));
        return await queries.Read<ClaimInfo, ClaimResource>(QueryKinds.Claim, context.Caller().Tenant.ToString(), filter, paging, c => c.ToResource());
    }

    private static async Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Get(string id, HttpContext context, IGrainFactory grains)
    {
        var claim = Grain(id, context, grains) is { } grain ? await grain.Get() : null;
        return claim is null ? NotFound(context) : TypedResults.Ok(claim.ToResource());
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Investigate(string id, InvestigateRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var adjuster = Validate.Required(body!.AdjusterId, "adjusterId", 100);
        var notes = Optional(body.Notes, "notes", 2000);
        return Run(id, context, grains, g => g.Investigate(adjuster, notes, context.Caller().Actor));
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> SetReserve(string id, ReserveRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var category = Validate.Required(body!.Category, "category", 20);
        if (!ReserveCategories.All.Contains(category))
        {
            throw ApiException.Validation("category", "enum", $"category must be one of {string.Join(", ", ReserveCategories.All)}");
        }
        var amount = Validate.Money(body.Amount, "amount");
        if (amount < 0)
        {
            throw ApiException.Validation("amount", "min", "amount cannot be negative");
        }
        var reason = Validate.Required(body.Reason, "reason", 500);
        return Run(id, context, grains, g => g.SetReserve(new ReserveChange(category, amount, reason, context.Caller().Actor)));
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Settle(string id, SettleRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var amount = Validate.Money(body!.Amount, "amount");
        if (amount <= 0)
        {
            throw ApiException.Validation("amount", "positive", "amount must be greater than zero");
        }
        var payee = Validate.Required(body.Payee, "payee");
        var notes = Optional(body.Notes, "notes", 2000);
        return Run(id, context, grains, g => g.Settle(new ClaimSettlement(amount, payee, notes, context.Caller().Actor)));
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Deny(string id, ReasonRequest? body, HttpContext context, IGrainFactory grains)
    {
        var reason = Reason(body);
        return Run(id, context, grains, g => g.Deny(reason, context.Caller().Actor));
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Close(string id, ReasonRequest? body, HttpContext context, IGrainFactory grains)
    {
        var reason = Reason(body);
        return Run(id, context, grains, g => g.Close(reason, context.Caller().Actor));
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Reopen(string id, ReasonRequest? body, HttpContext context, IGrainFactory grains)
    {
        var reason = Reason(body);
        return Run(id, context, grains, g => g.Reopen(reason, context.Caller().Actor));
    }

    private static Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Litigation(string id, LitigationRequest? body, HttpContext context, IGrainFactory grains)
    {
        Validate.Body(body);
        var litigation = Validate.Required(body!.Litigation, "litigation");
        return Run(id, context, grains, g => g.SetLitigation(litigation, context.Caller().Actor));
    }

    /// <summary>One grain command on the caller's claim: its refusal becomes the contract's error, a missing claim 404.</summary>
    private static async Task<Results<Ok<ClaimResource>, NotFound<ApiError>>> Run(
        string id, HttpContext context, IGrainFactory grains, Func<IClaimGrain, Task<Outcome<ClaimInfo>>> command)
    {
        var claim = Grain(id, context, grains) is { } grain ? (await command(grain)).ValueOrThrow() : null;
        return claim is null ? NotFound(context) : TypedResults.Ok(claim.ToResource());
    }

    private static string Reason(ReasonRequest? body)
    {
        Validate.Body(body);
        return Validate.Required(body!.Reason, "reason", 500);
    }

    private static string? Optional(string? value, string field, int maxLength = 200) =>
        value is null ? null : Validate.Required(value, field, maxLength);

    private static IClaimGrain? Grain(string id, HttpContext context, IGrainFactory grains) =>
        context.TenantGrains(grains).Find<IClaimGrain>(IdPrefixes.Claim, id);

    private static NotFound<ApiError> NotFound(HttpContext context) => TypedResults.NotFound(ErrorResponses.NotFound(context, "Claim"));
}
