using Insure.Grains.Hosting;
using Insure.Grains.Ledger;
using Insure.Grains.Products;
using Insure.Grains.Referrals;
using Insure.Grains.Submissions;
using Insure.Grains.Underwriting;

namespace Insure.Grains.Policies;

/// <summary>
/// Every decision about an issued policy, as pure functions of its state, the command and the context (plan,
/// settings, today). A decision is the <see cref="PolicyChange"/> to apply or the violation that refuses it;
/// <see cref="Apply"/> is the only place a policy's state moves, and its status moves only through <see cref="PolicyLifecycle"/>.
/// </summary>
internal static class PolicyRules
{
    /// <summary>The key under which an endorsement's changes record a new insured name (product inputs never use it).</summary>
    private const string InsuredNameChange = "insuredName";

    /// <summary>Issuing a policy: its terms, version 1 with the bound application, and the bind on its timeline.</summary>
    /// <summary>Issues the policy; its installments go to billing, one invoice each, through the policy's outbox.</summary>
    public static PolicyChange Issue(NewPolicy policy, string policyId, DateTimeOffset now)
    {
        var version = new PolicyVersion(1, policy.Application.EffectiveDate, policy.Application, policy.Rating,
            policy.Rating.GrossPremium, policy.Rating.Taxes, now, null, policy.Rating.Fees);
        var transaction = new PolicyTransaction(policy.RenewalOfPolicyId is null ? "bind" : "renewal_bind", now, policy.BoundBy,
            policy.Application.EffectiveDate, policy.Rating.GrossPremium, policy.Rating.Taxes, 1, null, policy.RenewalOfPolicyId, policy.Rating.Fees);
        var billing = new BillingInstruction($"{policyId}/bind", BillingInstructionKinds.Bind, policyId, policy.PolicyNumber, policy.Rating.Currency,
            InstallmentSchedule.Lines(policy.InstallmentPlan, policy.Application.EffectiveDate, policy.Rating.GrossPremium, policy.Rating.Taxes, policy.Rating.Fees),
            now, policy.BoundBy);
        return new PolicyChange(PolicyAction.Issue, "policy.bound", now, transaction, version,
            policy.Rating.GrossPremium, policy.Rating.Taxes, policy.Rating.Fees, Terms: policy, Billing: billing);
    }

    /// <summary>
    /// Why <paramref name="action"/> cannot go ahead at all: the caller's ETag is stale, or the lifecycle does not allow it
    /// from the current status.
    /// </summary>
    public static RuleViolation? Gate(PolicyState state, PolicyAction action, long? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != state.Version)
        {
            return RuleViolation.Conflict($"The policy changed since ETag \"{expected}\" (now \"{state.Version}\"); read it again",
                new Dictionary<string, string> { ["etag"] = $"\"{state.Version}\"" });
        }
        return PolicyLifecycle.Next(state.Status, action) is null
            ? RuleViolation.Transition(state.Status, PolicyLifecycle.Target(action), $"A {state.Status} policy cannot be {PolicyLifecycle.Target(action)}")
            : null;
    }

    /// <summary>
    /// A mid-term change: the new terms are validated and triaged like new business on the policy's own plan version,
    /// re-rated, and premium, taxes and premium-based fees each change by the pro-rata share of their difference.
    /// </summary>
    public static Decision<PolicyChange> Endorse(PolicyState state, Endorsement endorsement, RatingPlan plan, long? expectedVersion, DateTimeOffset now)
    {
        if (Gate(state, PolicyAction.Endorse, expectedVersion) is { } refused)
        {
            return refused;
        }
        var (effective, expiration, current) = (Effective(state), Expiration(state), Current(state));
        var date = endorsement.EffectiveDate;
        if (date < effective || date >= expiration)
        {
            return RuleViolation.Business($"An endorsement must take effect within the term ({effective:yyyy-MM-dd} to {expiration:yyyy-MM-dd})", "effectiveDate");
        }
        if (date < current.EffectiveDate)
        {
            return RuleViolation.Business($"Version {current.Number} takes effect {current.EffectiveDate:yyyy-MM-dd}; an endorsement cannot take effect before it", "effectiveDate");
        }
        var before = ApplicationOf(state, current);
        var inputs = new Dictionary<string, string>(before.Inputs);
        foreach (var (name, value) in endorsement.Changes)
        {
            if (!plan.Inputs.ContainsKey(name))
            {
                return RuleViolation.Invalid($"changes.{name}", "unknown_field", $"{name} is not an input of {plan.Code}");
            }
            if (TextRules.AtMost(value, $"changes.{name}", SubmissionRules.MaxValueLength) is { } tooLong)
            {
                return tooLong;
            }
            // Held in canonical form, as a submission's inputs are: "2000000.00" is the plan's 2000000, and no change from it.
            inputs[name] = InputValues.Canonical(plan.Inputs[name].Type, value);
        }
        if (TextRules.AtMost(endorsement.InsuredName, "changes.insuredName", SubmissionRules.MaxValueLength) is { } longName)
        {
            return longName;
        }
        var application = before with { Inputs = inputs, InsuredName = endorsement.InsuredName ?? before.InsuredName };
        if (RatingEngine.Validate(plan, application.ToRating()).FirstOrDefault() is { } issue)
        {
            return RuleViolation.Invalid($"changes.{issue.Field}", issue.Rule, issue.Message);
        }
        // A change that underwriting would refer or decline at new business needs the same review mid-term: a decline
        // refuses it outright, a referral takes an approved referral on this policy that no other version has used.
        var triage = Triage.Assess(plan, application);
        var reasons = string.Join("; ", triage.Reasons.Where(r => !r.EndsWith(" not provided", StringComparison.Ordinal)));
        if (triage.Verdict == ReadinessVerdicts.Declined)
        {
            return RuleViolation.Business($"The changed terms need underwriting: declined ({reasons})",
                new Dictionary<string, string> { ["verdict"] = triage.Verdict });
        }
        if (endorsement.ReferralId is { } referralId && UsableReferral(state, referralId) is { } unusable)
        {
            return unusable;
        }
        if (triage.Verdict == ReadinessVerdicts.ReferralRequired && endorsement.ReferralId is null)
        {
            return ReferralNeeded(state, triage.Verdict, reasons);
        }
        var rating = RatingEngine.Rate(plan, application.ToRating());
        var premium = Proration.ProRata(rating.GrossPremium - current.Rating.GrossPremium, date, effective, expiration);
        var taxes = Proration.ProRata(rating.Taxes - current.Rating.Taxes, date, effective, expiration);
        var fees = Proration.ProRata(rating.Fees - current.Rating.Fees, date, effective, expiration);
        var number = current.Number + 1;
        var version = new PolicyVersion(number, date, null, rating, premium, taxes, now, endorsement.Reason, fees, Changes(before, application),
            endorsement.ReferralId);
        return new PolicyChange(PolicyAction.Endorse, "policy.endorsed", now,
            new PolicyTransaction("endorse", now, endorsement.By, date, premium, taxes, number, endorsement.Reason, null, fees),
            version, premium, taxes, fees);
    }

    /// <summary>Why <paramref name="referralId"/> cannot cover an endorsement: not this policy's, not approved, or already used.</summary>
    private static RuleViolation? UsableReferral(PolicyState state, string referralId)
    {
        RuleViolation Refused(string message, string rule) => RuleViolation.Business(message,
            new Dictionary<string, string> { ["field"] = "referralId", ["rule"] = rule, ["referralId"] = referralId });
        if (ReferralStandings.Find(state.Referrals, referralId) is not { } referral)
        {
            return Refused($"{referralId} is not a referral on this policy", "referral_unknown");
        }
        if (referral.Status == ReferralStatuses.Open)
        {
            return Refused($"Referral {referralId} is still open; an endorsement can use it once it is approved", "referral_open");
        }
        if (referral.Status == ReferralStatuses.Rejected)
        {
            return Refused($"Referral {referralId} was rejected; it cannot cover an endorsement", "referral_rejected");
        }
        return state.Versions.FirstOrDefault(v => v.ReferralId == referralId) is { } used
            ? Refused($"Referral {referralId} was already used by version {used.Number}; each approval covers one endorsement", "referral_used")
            : null;
    }

    /// <summary>Changed terms that need a referral, sent without one: says how to proceed, naming an open referral if there is one.</summary>
    private static RuleViolation ReferralNeeded(PolicyState state, string verdict, string reasons)
    {
        var details = new Dictionary<string, string> { ["verdict"] = verdict, ["field"] = "referralId" };
        if (ReferralStandings.Latest(state.Referrals, ReferralStatuses.Open) is { } open)
        {
            details["rule"] = "referral_open";
            details["referralId"] = open.ReferralId;
            return RuleViolation.Business(
                $"The changed terms need underwriting: referral required ({reasons}). Referral {open.ReferralId} on this policy is open; "
                + $"once it is approved, send \"referralId\":\"{open.ReferralId}\" with this endorsement", details);
        }
        details["rule"] = "referral_required";
        return RuleViolation.Business(
            $"The changed terms need underwriting: referral required ({reasons}). Create a referral on this policy "
            + "(POST /v1/referrals {\"entityType\":\"policy\",\"entityId\":\"<this policy's id>\",\"reason\"}) and, once it is approved, "
            + "send its id as \"referralId\" with this endorsement", details);
    }

    /// <summary>
    /// A cancellation within the term: effective today or earlier it cancels now, later it is scheduled. Flat only at
    /// inception; backdating is limited; the return premium is worked out by <see cref="Proration.Cancellation"/>.
    /// </summary>
    public static Decision<PolicyChange> Cancel(
        PolicyState state, CancellationRequest request, PolicySettings settings, long? expectedVersion, DateOnly today, DateTimeOffset now)
    {
        var immediate = request.EffectiveDate <= today;
        var action = immediate ? PolicyAction.Cancel : PolicyAction.ScheduleCancellation;
        if (Gate(state, action, expectedVersion) is { } refused)
        {
            return refused;
        }
        var (effective, expiration) = (Effective(state), Expiration(state));
        if (request.EffectiveDate < effective || request.EffectiveDate > expiration)
        {
            return RuleViolation.Business($"A cancellation must take effect within the term ({effective:yyyy-MM-dd} to {expiration:yyyy-MM-dd})", "effectiveDate");
        }
        if (request.Method == CancellationMethods.Flat && request.EffectiveDate > effective)
        {
            return RuleViolation.Business($"A flat cancellation returns the whole premium, so it must take effect at inception ({effective:yyyy-MM-dd})", "method");
        }
        var earliest = today.AddDays(-settings.MaxBackdateDays);
        if (request.EffectiveDate < earliest)
        {
            return RuleViolation.Business($"A cancellation can be backdated at most {settings.MaxBackdateDays} days (to {earliest:yyyy-MM-dd})", "effectiveDate");
        }
        var calculation = Proration.Cancellation(request.Method, state.WrittenPremium, state.WrittenTaxes,
            state.Versions.Select(v => (v.EffectiveDate, v.Rating.GrossPremium)).ToList(), request.EffectiveDate, effective, expiration);
        return new PolicyChange(action, immediate ? "policy.cancelled" : "policy.cancellation_scheduled", now,
            new PolicyTransaction("cancel", now, request.By, request.EffectiveDate, -calculation.ReturnPremium, -calculation.ReturnTaxes,
                Current(state).Number, request.Reason, null),
            PremiumWritten: -calculation.ReturnPremium, TaxesWritten: -calculation.ReturnTaxes,
            Cancellation: new CancellationInfo(request.EffectiveDate, request.Reason, calculation, immediate, now, request.By));
    }

    /// <summary>
    /// Undoes a cancellation with no gap in cover, within the reinstatement window and the term; the returned premium is
    /// charged back. A cancellation scheduled before inception and reinstated before it returns the policy to bound.
    /// </summary>
    public static Decision<PolicyChange> Reinstate(
        PolicyState state, string? reason, Actor by, PolicySettings settings, long? expectedVersion, DateOnly today, DateTimeOffset now)
    {
        var action = state.Status == PolicyStatuses.PendingCancellation && today < Effective(state)
            ? PolicyAction.ReinstateBeforeInception
            : PolicyAction.Reinstate;
        if (Gate(state, action, expectedVersion) is { } refused)
        {
            return refused;
        }
        var cancellation = state.Cancellation!;
        var window = settings.ReinstatementWindowDays;
        if (state.Status == PolicyStatuses.Cancelled && today > cancellation.EffectiveDate.AddDays(window))
        {
            return RuleViolation.Business(
                $"The reinstatement window closed {window} days after the cancellation took effect ({cancellation.EffectiveDate.AddDays(window):yyyy-MM-dd})");
        }
        if (today >= Expiration(state))
        {
            return RuleViolation.Business("The policy term has ended; it cannot be reinstated");
        }
        var returned = cancellation.Calculation;
        return new PolicyChange(action, "policy.reinstated", now,
            new PolicyTransaction("reinstate", now, by, cancellation.EffectiveDate, returned.ReturnPremium, returned.ReturnTaxes, Current(state).Number, reason, null),
            PremiumWritten: returned.ReturnPremium, TaxesWritten: returned.ReturnTaxes, ClearsCancellation: true);
    }

    /// <summary>The offer a renewal issues: once per policy, and only while the terms still rate on the live plan.</summary>
    public static Decision<RenewalOffer> Renew(PolicyState state, RatingPlan? livePlan, long? expectedVersion, DateTimeOffset now)
    {
        if (Gate(state, PolicyAction.Renew, expectedVersion) is { } refused)
        {
            return refused;
        }
        if (state.RenewedToPolicyId is { } renewal)
        {
            return RuleViolation.Business($"The policy was already renewed as {renewal}");
        }
        return Offer(state, livePlan, now) is { } offer
            ? offer
            : RuleViolation.Business("The renewal cannot be rated on the live plan; re-submit instead");
    }

    /// <summary>The renewal has been issued as <paramref name="renewedId"/>.</summary>
    public static PolicyChange Renewed(PolicyState state, RenewalOffer offer, string renewedId, Actor by, DateTimeOffset now) =>
        new(PolicyAction.Renew, "policy.renewed", now,
            new PolicyTransaction("renew", now, by, offer.EffectiveDate, 0m, 0m, Current(state).Number, null, renewedId),
            RenewedToPolicyId: renewedId);

    /// <summary>
    /// The next change the clock has made due by <paramref name="today"/>, in the order they happen: activation on the
    /// effective date, a scheduled cancellation on its date, the renewal offer, expiry. Null when nothing is due.
    /// </summary>
    public static PolicyChange? Due(PolicyState state, PolicySettings settings, RatingPlan? livePlan, DateOnly today, DateTimeOffset now)
    {
        if (state.Status == PolicyStatuses.Bound && today >= Effective(state))
        {
            return new PolicyChange(PolicyAction.Activate, "policy.activated", now, SystemTransaction(state, "activate", Effective(state), null, now));
        }
        if (state.Status == PolicyStatuses.PendingCancellation && today >= state.Cancellation!.EffectiveDate)
        {
            return new PolicyChange(PolicyAction.CompleteCancellation, "policy.cancelled", now, null,
                Cancellation: state.Cancellation with { Completed = true });
        }
        if (state.Status is PolicyStatuses.Active or PolicyStatuses.Bound && state.RenewalOffer is null && state.RenewedToPolicyId is null
            && today >= OfferDate(state, settings) && Offer(state, livePlan, now) is { } offer)
        {
            return new PolicyChange(PolicyAction.OfferRenewal, "policy.renewal_offered", now, null, RenewalOffer: offer);
        }
        if (state.Status == PolicyStatuses.Active && today >= Expiration(state))
        {
            return new PolicyChange(PolicyAction.Expire, "policy.expired", now,
                SystemTransaction(state, "expire", Expiration(state), state.RenewedToPolicyId, now));
        }
        return null;
    }

    /// <summary>The next date the clock will change something, or null when nothing is left to wait for.</summary>
    public static DateOnly? NextDue(PolicyState state, PolicySettings settings, DateOnly today) => state.Status switch
    {
        // A term shorter than the offer lead time reaches its offer date before it starts, and Due makes the offer then.
        PolicyStatuses.Bound when state.RenewalOffer is null && state.RenewedToPolicyId is null && OfferDate(state, settings) > today
            && OfferDate(state, settings) < Effective(state) => OfferDate(state, settings),
        PolicyStatuses.Bound => Effective(state),
        PolicyStatuses.PendingCancellation => state.Cancellation!.EffectiveDate,
        PolicyStatuses.Active when state.RenewalOffer is null && state.RenewedToPolicyId is null && OfferDate(state, settings) > today => OfferDate(state, settings),
        PolicyStatuses.Active => Expiration(state),
        _ => null,
    };

    /// <summary>
    /// Applies a decided change. The status moves only through <see cref="PolicyLifecycle"/>: a change the table does
    /// not allow from the current status is a bug in the deciding rule, not a user error.
    /// </summary>
    /// <summary>
    /// Premium written and earned as of the end of <paramref name="asOf"/>: each transaction's premium (bind, endorsement,
    /// cancellation, reinstatement) is earned evenly from its effective date to the expiration date, so a cancellation's
    /// return stops the earning from the day it takes effect.
    /// </summary>
    public static EarnedPremium Earned(PolicyState state, DateOnly asOf)
    {
        var expiration = state.Terms!.ExpirationDate;
        var earned = 0m;
        foreach (var transaction in state.Timeline.Where(t => t.PremiumEffect != 0))
        {
            var span = expiration.DayNumber - transaction.EffectiveDate.DayNumber;
            var elapsed = Math.Clamp(asOf.DayNumber - transaction.EffectiveDate.DayNumber + 1, 0, Math.Max(span, 0));
            earned += span <= 0 ? (asOf >= transaction.EffectiveDate ? transaction.PremiumEffect : 0m) : transaction.PremiumEffect * elapsed / span;
        }
        var rounded = Money.Round(earned);
        return new EarnedPremium(asOf, state.Terms.Rating.Currency, state.WrittenPremium, rounded, state.WrittenPremium - rounded);
    }

    public static void Apply(PolicyState state, PolicyChange change)
    {
        if (change.Terms is { } terms)
        {
            state.Terms = terms;
            state.CreatedAt = change.At;
        }
        state.Status = change.Action == PolicyAction.Issue
            ? PolicyLifecycle.Initial
            : PolicyLifecycle.Next(state.Status, change.Action)
                ?? throw new InvalidOperationException($"The lifecycle does not allow {change.Action} from {state.Status}.");
        if (change.NewVersion is { } version)
        {
            state.Versions.Add(version);
        }
        state.WrittenPremium += change.PremiumWritten;
        state.WrittenTaxes += change.TaxesWritten;
        state.WrittenFees += change.FeesWritten;
        if (change.Cancellation is { } cancellation)
        {
            state.Cancellation = cancellation;
        }
        if (change.ClearsCancellation)
        {
            state.Cancellation = null;
        }
        if (change.RenewalOffer is { } offer)
        {
            state.RenewalOffer = offer;
        }
        if (change.RenewedToPolicyId is { } renewed)
        {
            state.RenewedToPolicyId = renewed;
        }
        if (change.Transaction is { } transaction)
        {
            state.Timeline.Add(transaction);
        }
        if (change.Billing is { } billing)
        {
            state.PendingBilling.Add(billing);
        }
        var currency = state.Terms!.Rating.Currency;
        if (change.Action != PolicyAction.Issue && (change.PremiumWritten != 0 || change.TaxesWritten != 0 || change.FeesWritten != 0))
        {
            // The policy id is the billing grain's own key; the instruction's id is unique within the policy.
            state.PendingBilling.Add(new BillingInstruction($"v{state.Version + 1}", BillingInstructionKinds.Adjust, "", state.Terms.PolicyNumber, currency,
                [], change.At, change.Transaction?.By ?? Actor.System, change.PremiumWritten, change.TaxesWritten, change.FeesWritten,
                change.Transaction?.Type ?? change.EventType));
        }
        if (LedgerPostings.Written(change.PremiumWritten, change.TaxesWritten, change.FeesWritten, currency, change.At,
                change.Transaction?.Type ?? change.EventType, "") is { } written)
        {
            state.PendingLedger.Add(written with { Id = $"{state.Version + 1}.1" });
        }
        state.UpdatedAt = change.At;
    }

    /// <summary>The next term on the live plan (the offer already made, if any), or null when the terms no longer rate on it.</summary>
    public static RenewalOffer? Offer(PolicyState state, RatingPlan? livePlan, DateTimeOffset now)
    {
        if (state.RenewalOffer is { } existing)
        {
            return existing;
        }
        if (livePlan is null)
        {
            return null;
        }
        var start = Expiration(state);
        var end = start.AddMonths(livePlan.TermMonths);
        var application = ApplicationOf(state, Current(state)) with { EffectiveDate = start, ExpirationDate = end };
        return RatingEngine.Validate(livePlan, application.ToRating()).Count > 0
            ? null
            : new RenewalOffer(start, end, RatingEngine.Rate(livePlan, application.ToRating()), now);
    }

    public static PolicyVersion Current(PolicyState state) => state.Versions[^1];

    /// <summary>
    /// The application in force in <paramref name="version"/>: the bound application with every endorsement's changes up
    /// to that version laid over it (versions keep only what they changed; older stored versions carry a full copy).
    /// </summary>
    public static SubmissionApplication ApplicationOf(PolicyState state, PolicyVersion version)
    {
        var application = state.Terms!.Application;
        foreach (var v in state.Versions.TakeWhile(v => v.Number <= version.Number))
        {
            if (v.Application is { } full)
            {
                application = full;
                continue;
            }
            var inputs = new Dictionary<string, string>(application.Inputs);
            var insuredName = application.InsuredName;
            foreach (var (name, value) in v.Changes ?? [])
            {
                if (name == InsuredNameChange)
                {
                    insuredName = value;
                }
                else
                {
                    inputs[name] = value;
                }
            }
            application = application with { Inputs = inputs, InsuredName = insuredName };
        }
        return application;
    }

    public static DateOnly Effective(PolicyState state) => state.Terms!.Application.EffectiveDate;

    public static DateOnly Expiration(PolicyState state) => state.Terms!.ExpirationDate;

    private static DateOnly OfferDate(PolicyState state, PolicySettings settings) => Expiration(state).AddDays(-settings.RenewalOfferDays);

    private static PolicyTransaction SystemTransaction(PolicyState state, string type, DateOnly effective, string? related, DateTimeOffset now) =>
        new(type, now, Actor.System, effective, 0m, 0m, Current(state).Number, null, related);

    /// <summary>What an endorsement changed: the inputs whose values differ, and the insured name when it changed.</summary>
    private static Dictionary<string, string> Changes(SubmissionApplication before, SubmissionApplication after)
    {
        var changed = after.Inputs.Where(i => before.Inputs.GetValueOrDefault(i.Key) != i.Value).ToDictionary(i => i.Key, i => i.Value);
        if (after.InsuredName != before.InsuredName)
        {
            changed[InsuredNameChange] = after.InsuredName;
        }
        return changed;
    }
}
