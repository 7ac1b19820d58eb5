using System.Globalization;
using Insure.Grains.Policies;
using Insure.Grains.Products;
using Insure.Grains.Referrals;
using Insure.Grains.Underwriting;

namespace Insure.Grains.Submissions;

/// <summary>
/// Every decision about a submission, as pure functions: whether a draft is an application the product's plan can
/// rate, whether it can be quoted, and what binding it issues.
/// </summary>
internal static class SubmissionRules
{
    public static readonly TimeSpan QuoteValidity = TimeSpan.FromDays(30);
    /// <summary>How far before today a submission may take effect (a late submission of cover already started).</summary>
    public const int MaxBackdateDays = 365;
    /// <summary>How far ahead of today a submission may take effect.</summary>
    public const int MaxLeadMonths = 18;
    public const int MaxTermMonths = 18;
    public const int MaxLosses = 50;
    public const int MaxAttributes = 50;
    public const int MaxValueLength = 200;
    public const int MaxDescriptionLength = 500;
    /// <summary>Losses before this are taken for typing errors.</summary>
    public static readonly DateOnly EarliestLoss = new(1900, 1, 1);

    /// <summary>
    /// Holds a draft against the product's live plan: the product exists, the dates are sane, every input belongs to
    /// the plan and passes its checks. Numbers sent as text ("05", "+5") take the same canonical form as numbers.
    /// </summary>
    public static Decision<SubmissionApplication> Application(SubmissionDraft draft, ProductCatalog catalog, DateOnly today)
    {
        if (catalog.Find(draft.ProductCode) is not { } plan)
        {
            return RuleViolation.Invalid("lineOfBusiness", "not_in_catalog",
                $"lineOfBusiness {draft.ProductCode} is not a product; available: {string.Join(", ", catalog.All.Select(p => p.Code))}");
        }
        if (TextRules.Required(draft.InsuredName, "insuredName", MaxValueLength) is { } badName)
        {
            return badName;
        }
        var effective = draft.EffectiveDate;
        var earliest = today.AddDays(-MaxBackdateDays);
        var latest = today.AddMonths(MaxLeadMonths);
        if (effective < earliest || effective > latest)
        {
            return RuleViolation.Invalid("effectiveDate", "range",
                $"effectiveDate must be between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd} (at most {MaxBackdateDays} days back and {MaxLeadMonths} months ahead)");
        }
        if (draft.ExpirationDate is { } expiration && (expiration <= effective || expiration > effective.AddMonths(MaxTermMonths)))
        {
            return RuleViolation.Invalid("expirationDate", "range", $"expirationDate must be after effectiveDate and at most {MaxTermMonths} months later");
        }
        if (draft.Attributes.Count > MaxAttributes)
        {
            return RuleViolation.Invalid("attributes", "max_items", $"attributes may hold at most {MaxAttributes} entries");
        }
        if (draft.LossHistory is { Length: > MaxLosses })
        {
            return RuleViolation.Invalid("lossHistory", "max_items", $"lossHistory may hold at most {MaxLosses} losses");
        }
        for (var i = 0; i < (draft.LossHistory?.Length ?? 0); i++)
        {
            var loss = draft.LossHistory![i];
            if (loss.Date < EarliestLoss || loss.Date > today)
            {
                return RuleViolation.Invalid($"lossHistory[{i}].date", "range", $"lossHistory[{i}].date must be between {EarliestLoss:yyyy-MM-dd} and today");
            }
            if (loss.Amount < 0)
            {
                return RuleViolation.Invalid($"lossHistory[{i}].amount", "range", $"lossHistory[{i}].amount cannot be negative");
            }
            if (TextRules.AtMost(loss.Description, $"lossHistory[{i}].description", MaxDescriptionLength) is { } wordy)
            {
                return wordy;
            }
        }

        var inputs = new Dictionary<string, string>();
        foreach (var (name, value) in draft.Fields)
        {
            if (name != "state" && !plan.Inputs.ContainsKey(name))
            {
                return RuleViolation.Invalid(name, "not_applicable", $"{name} is not an input of {plan.Code}");
            }
            if (TextRules.AtMost(value, name, MaxValueLength) is { } tooLong)
            {
                return tooLong;
            }
            inputs[name] = value;
        }
        foreach (var (name, value) in draft.Attributes)
        {
            var field = $"attributes.{name}";
            if (SubmissionFields.TopLevel.Contains(name) || !plan.Inputs.ContainsKey(name))
            {
                return RuleViolation.Invalid(field, "unknown_field", $"{name} is not an attribute of {plan.Code}");
            }
            if (TextRules.AtMost(value, field, MaxValueLength) is { } tooLong)
            {
                return tooLong;
            }
            inputs[name] = value;
        }
        foreach (var (name, spec) in plan.Inputs)
        {
            if (inputs.TryGetValue(name, out var raw))
            {
                inputs[name] = InputValues.Canonical(spec.Type, raw);
            }
        }
        var application = new SubmissionApplication(draft.InsuredName, plan.Code, effective, draft.ExpirationDate, inputs, draft.LossHistory,
            draft.PolicyholderId, draft.ProducerId);
        if (RatingEngine.Validate(plan, application.ToRating()).FirstOrDefault() is { } issue)
        {
            var field = SubmissionFields.TopLevel.Contains(issue.Field) || issue.Field.StartsWith("lossHistory", StringComparison.Ordinal)
                ? issue.Field
                : $"attributes.{issue.Field}";
            // The plan's messages name the input first, except a missing one's; either way they should name it as it was sent.
            var message = issue.Field == field ? issue.Message
                : issue.Rule == "required" ? $"Missing required field: {field}"
                : $"attributes.{issue.Message}";
            return RuleViolation.Invalid(field, issue.Rule, message);
        }
        return application;
    }

    /// <summary>
    /// A quote on the live plan. A referral can still be quoted (an indicative price for the underwriter); a decline
    /// cannot, nor can an application that no longer fits the plan. What the producer lacks to place the risk
    /// (<paramref name="producerFindings"/>) becomes the quote's warnings.
    /// </summary>
    public static Decision<QuoteInfo> Quote(SubmissionState state, RatingPlan plan, string quoteId, DateTimeOffset now, IReadOnlyList<string>? producerFindings = null)
    {
        if (SubmissionLifecycle.Next(state.Status, SubmissionAction.Quote) is null)
        {
            return RuleViolation.Transition(state.Status, SubmissionStatuses.Quoted, state.Status == SubmissionStatuses.Declined
                ? Declined(state, "quoted")
                : "The submission is already bound");
        }
        var application = state.Application!;
        if (RatingEngine.Validate(plan, application.ToRating()).FirstOrDefault() is { } issue)
        {
            return RuleViolation.Business($"The application no longer fits {plan.Code} plan {plan.Version}: {issue.Message}",
                new Dictionary<string, string> { ["field"] = issue.Field, ["rule"] = issue.Rule });
        }
        var readiness = Triage.Assess(plan, application);
        if (readiness.Verdict == ReadinessVerdicts.Declined)
        {
            return RuleViolation.Business($"Cannot quote: declined ({string.Join("; ", readiness.Reasons)})",
                new Dictionary<string, string> { ["verdict"] = readiness.Verdict });
        }
        // What the producer lacks does not stop a quote (the price is the same), but it will stop the bind: said now.
        return new QuoteInfo(quoteId, RatingEngine.Rate(plan, application.ToRating()), now, now + QuoteValidity, producerFindings?.ToList() ?? []);
    }

    /// <summary>
    /// What binding the current quote issues: the term's end and the installment schedule. A bind already under way
    /// (its policy number reserved) goes through even if the quote has expired since, so a retry issues the same policy.
    /// A submission with a producer binds only when <paramref name="producerFindings"/> (what the producer, or its agency,
    /// lacks to place the risk: <see cref="IProducerGrain.Authority"/>) is empty; null or empty without a producer.
    /// </summary>
    public static Decision<BindTerms> Bind(
        SubmissionState state, string installmentPlan, RatingPlan plan, DateTimeOffset now, IReadOnlyList<string>? producerFindings = null)
    {
        if (SubmissionLifecycle.Next(state.Status, SubmissionAction.Bind) is null)
        {
            return RuleViolation.Transition(state.Status, SubmissionStatuses.Bound, state.Status switch
            {
                SubmissionStatuses.Bound => $"The submission is already bound to policy {state.PolicyId}",
                SubmissionStatuses.Declined => Declined(state, "bound"),
                _ => "Quote the submission before binding it",
            });
        }
        var quote = state.Quote!;
        var resuming = state.PendingPolicyId is not null;
        if (quote.ExpiresAt <= now && !resuming)
        {
            return RuleViolation.Business($"Quote {quote.Id} expired on {quote.ExpiresAt:yyyy-MM-dd}; quote again before binding",
                new Dictionary<string, string> { ["quoteId"] = quote.Id, ["expiresAt"] = quote.ExpiresAt.ToString("O", CultureInfo.InvariantCulture) });
        }
        var application = state.Application!;
        var readiness = Triage.Assess(plan, application);
        if (!resuming && readiness.Verdict == ReadinessVerdicts.Declined)
        {
            return RuleViolation.Business($"Cannot bind: declined ({string.Join("; ", readiness.Reasons)})",
                new Dictionary<string, string> { ["verdict"] = readiness.Verdict });
        }
        // The approval is the submission's own record of what its referral said, delivered by the referral's outbox.
        if (!resuming && readiness.Verdict == ReadinessVerdicts.ReferralRequired
            && ReferralStandings.Latest(state.Referrals, ReferralStatuses.Approved) is null)
        {
            return ReferralNeeded(state, readiness);
        }
        if (!resuming && producerFindings is { Count: > 0 })
        {
            return ProducerLacksAuthority(application, producerFindings);
        }
        var expiration = application.ExpirationDate ?? application.EffectiveDate.AddMonths(plan.TermMonths);
        var installments = InstallmentSchedule.Build(installmentPlan, application.EffectiveDate, quote.Rating.GrossPremium, quote.Rating.Taxes, quote.Rating.Fees);
        if (installments[^1].DueDate >= expiration)
        {
            return RuleViolation.Business(
                $"{installmentPlan} has an installment due {installments[^1].DueDate:yyyy-MM-dd}, after the policy expires on {expiration:yyyy-MM-dd}; choose a plan with fewer installments",
                "installmentPlan", "fits_term");
        }
        return new BindTerms(expiration, installments);
    }

    /// <summary>
    /// What news of a referral does: a repeat nothing; an approval, an opening, or a rejection of a submission the lifecycle
    /// can no longer decline (bound) is recorded; a rejection of one it can declines it.
    /// </summary>
    public static SubmissionReferralEffect Referral(SubmissionState state, ReferralNotice notice)
    {
        if (!ReferralStandings.IsNews(state.Referrals, notice))
        {
            return SubmissionReferralEffect.None;
        }
        return notice.Status == ReferralStatuses.Rejected && SubmissionLifecycle.Next(state.Status, SubmissionAction.Decline) is not null
            ? SubmissionReferralEffect.Decline
            : SubmissionReferralEffect.Record;
    }

    /// <summary>
    /// Why the producer's authority cannot be checked: the risk names no state (a product without a state input, sent
    /// without the top-level `state`). Null when it can.
    /// </summary>
    public static string? ProducerUncheckable(SubmissionApplication application) =>
        application.ProducerId is { } producerId && !application.Inputs.ContainsKey("state")
            ? $"the submission names no state, so producer {producerId}'s license and appointment cannot be checked (send the risk's state)"
            : null;

    /// <summary>The bind refused for what the producer lacks, each finding in the message and, joined, in the details.</summary>
    private static RuleViolation ProducerLacksAuthority(SubmissionApplication application, IReadOnlyList<string> findings)
    {
        var where = application.Inputs.GetValueOrDefault("state") is { } riskState ? $" in {riskState}" : "";
        return RuleViolation.Business(
            $"Cannot bind: producer {application.ProducerId} may not place {application.ProductCode}{where} on {application.EffectiveDate:yyyy-MM-dd}: "
            + string.Join("; ", findings),
            new Dictionary<string, string>
            {
                ["field"] = "producerId",
                ["rule"] = "producer_authority",
                ["producerId"] = application.ProducerId!,
                ["missing"] = string.Join("; ", findings),
            });
    }

    /// <summary>
    /// A `referral_required` submission without an approved referral: the refusal names the open referral that must be
    /// approved, or says to open one.
    /// </summary>
    private static RuleViolation ReferralNeeded(SubmissionState state, Readiness readiness)
    {
        var reasons = string.Join("; ", readiness.Reasons);
        var details = new Dictionary<string, string> { ["verdict"] = readiness.Verdict };
        if (ReferralStandings.Latest(state.Referrals, ReferralStatuses.Open) is { } open)
        {
            details["referralId"] = open.ReferralId;
            details["rule"] = "referral_open";
            return RuleViolation.Business(
                $"Cannot bind: an underwriter referral is required first ({reasons}); referral {open.ReferralId} is open and must be approved "
                + $"(POST /v1/referrals/{open.ReferralId}/decision) before the submission can be bound", details);
        }
        details["rule"] = "referral_required";
        return RuleViolation.Business(
            $"Cannot bind: an underwriter referral is required first ({reasons}); create one on this submission "
            + "(POST /v1/referrals {\"entityType\":\"submission\",\"entityId\":\"<this submission's id>\",\"reason\"}) and bind once it is approved", details);
    }

    /// <summary>Why a declined submission cannot be <paramref name="done"/>, naming the rejected referral when there is one.</summary>
    private static string Declined(SubmissionState state, string done) =>
        ReferralStandings.Latest(state.Referrals, ReferralStatuses.Rejected) is { } rejected
            ? $"The submission was declined (referral {rejected.ReferralId} was rejected); it cannot be {done}"
            : $"The submission was declined; it cannot be {done}";

    /// <summary>Moves the status through <see cref="SubmissionLifecycle"/>; a move the table refuses is a bug in the deciding rule.</summary>
    public static void Move(SubmissionState state, SubmissionAction action, DateTimeOffset now)
    {
        state.Status = SubmissionLifecycle.Next(state.Status, action)
            ?? throw new InvalidOperationException($"The lifecycle does not allow {action} from {state.Status}.");
        state.UpdatedAt = now;
    }
}
