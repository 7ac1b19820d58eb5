using System.Globalization;
using System.Text.Json;
using Insure.Api.Infrastructure;
using Insure.Grains;
using Insure.Grains.Products;

namespace Insure.Api.Features.Submissions;

/// <summary>
/// A quote as integrators see it. `warnings` names what would stop it binding although it could be priced: what the
/// submission's producer (or its agency) lacks to place the risk, such as an unexpired license or an active appointment
/// for the risk's state and line on its effective date. Binding re-checks them and refuses while any remains.
/// </summary>
public sealed record QuoteResource(
    string Id, string Object, string SubmissionId, string LineOfBusiness, string PlanVersion, string Currency,
    decimal GrossPremium, decimal TaxRate, decimal Taxes, decimal Fees, FeeLine[] FeeLines, decimal TotalDue,
    RatingStepResult[] Breakdown, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, IReadOnlyList<string> Warnings);

public sealed record LossResource(DateOnly Date, decimal Amount, string? Description);

/// <summary>A submission as integrators see it (the API body and the `submission.*` events' data).</summary>
public sealed record SubmissionResource(
    string Id, string Object, string Status, string InsuredName, string LineOfBusiness, DateOnly EffectiveDate, DateOnly? ExpirationDate,
    string? State, string? NaicsCode, decimal? AnnualRevenue, decimal? RequestedLimit, decimal? Deductible, decimal? ScheduleModifier,
    Dictionary<string, JsonElement> Attributes, LossResource[]? LossHistory, string? PolicyholderId, string? ProducerId,
    Readiness Triage, QuoteResource? Quote, string? PolicyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Actor CreatedBy);

public static class SubmissionResources
{
    public static QuoteResource ToResource(this QuoteInfo quote, string submissionId, bool bound, DateTimeOffset now) => new(
        quote.Id, "quote", submissionId, quote.Rating.ProductCode, quote.Rating.PlanVersion, quote.Rating.Currency,
        quote.Rating.GrossPremium, quote.Rating.TaxRate, quote.Rating.Taxes, quote.Rating.Fees, quote.Rating.FeeLines, quote.Rating.TotalDue,
        quote.Rating.Breakdown, bound ? "bound" : quote.ExpiresAt <= now ? "expired" : "active", quote.CreatedAt, quote.ExpiresAt,
        quote.Warnings ?? []);

    /// <summary>
    /// Resources made from a submission's view while they stay true: one made with its quote active, until the quote
    /// expires; one made after, for good.
    /// </summary>
    private static readonly ResourcesOnce<SubmissionInfo, SubmissionResource> Made = new((submission, now) =>
    {
        var resource = submission.ToResource(now);
        return (resource, resource.Quote is { Status: "active" } quote ? quote.ExpiresAt : DateTimeOffset.MaxValue);
    });

    /// <summary>A 200 with <see cref="ToResource(SubmissionInfo, DateTimeOffset)"/>'s resource (see <see cref="ResourcesOnce{TView, TResource}.Ok"/>).</summary>
    public static OkJson<SubmissionResource> ToOk(this SubmissionInfo submission, HttpContext context, DateTimeOffset now) =>
        Made.Ok(context, submission, now);

    public static SubmissionResource ToResource(this SubmissionInfo submission, DateTimeOffset now)
    {
        var application = submission.Application;
        var inputs = application.Inputs;
        var attributes = inputs.Where(i => !SubmissionFields.TopLevel.Contains(i.Key))
            .ToDictionary(i => i.Key, i => AttributeValue(i.Value));
        return new SubmissionResource(
            submission.Id, "submission", submission.Status, application.InsuredName, application.ProductCode,
            application.EffectiveDate, application.ExpirationDate, inputs.GetValueOrDefault("state"), inputs.GetValueOrDefault("naicsCode"),
            application.Number("annualRevenue"), application.Number("requestedLimit"), application.Number("deductible"), application.Number("scheduleModifier"),
            attributes, application.LossHistory?.Select(l => new LossResource(l.Date, l.Amount, l.Description)).ToArray(),
            application.PolicyholderId, application.ProducerId, submission.Triage,
            submission.Quote?.ToResource(submission.Id, submission.Status == SubmissionStatuses.Bound, now),
            submission.PolicyId, submission.CreatedAt, submission.UpdatedAt, submission.CreatedBy);
    }

    /// <summary>Inputs are held as text; shown as JSON numbers or booleans where they are ones.</summary>
    private static JsonElement AttributeValue(string raw) =>
        raw is "true" or "false" ? JsonSerializer.SerializeToElement(raw == "true")
        : decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number.ToString(CultureInfo.InvariantCulture) == raw
            ? JsonSerializer.SerializeToElement(number)
            : JsonSerializer.SerializeToElement(raw);
}

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
