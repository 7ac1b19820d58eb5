using Insure.Grains.Hosting;
using Insure.Grains.Policies;
using Insure.Grains.Products;
using Insure.Grains.Referrals;
using Insure.Grains.Underwriting;
using static Insure.Grains.Tests.Policies.TestPolicies;

namespace Insure.Grains.Tests.Policies;

/// <summary>
/// The policy rules as pure functions: states are built with <see cref="PolicyRules.Issue"/> and <see cref="PolicyRules.Apply"/>
/// on the real GL plan, no cluster. The term runs 2027-01-01 to 2028-01-01 (365 days).
/// </summary>
public sealed class PolicyRulesTests
{
    private static readonly DateOnly Effective = new(2027, 1, 1);
    private static readonly DateOnly Expiration = new(2028, 1, 1);
    private static readonly DateOnly IssuedOn = new(2026, 12, 1);
    private static readonly PolicySettings Settings = new();

    private static PolicyState Bound() => Issued(Effective, At(IssuedOn));

    /// <summary>A policy the clock has activated on its effective date.</summary>
    private static PolicyState Active()
    {
        var state = Bound();
        Assert.Equal(PolicyAction.Activate, Applied(state, PolicyRules.Due(state, Settings, Gl, Effective, At(Effective))).Action);
        return state;
    }

    /// <summary>Asserts the rule allowed the change, applies it, and returns it.</summary>
    private static PolicyChange Applied(PolicyState state, Decision<PolicyChange> decision)
    {
        Assert.Null(decision.Violation);
        PolicyRules.Apply(state, decision.Facts!);
        return decision.Facts!;
    }

    private static PolicyChange Applied(PolicyState state, PolicyChange? change)
    {
        Assert.NotNull(change);
        PolicyRules.Apply(state, change);
        return change;
    }

    private static Endorsement Endorsement(DateOnly date, Dictionary<string, string> changes, string? insuredName = null) =>
        new(date, changes, insuredName, "change of terms", By);

    private static CancellationRequest Cancellation(DateOnly date, string method = CancellationMethods.ProRata) =>
        new(date, method, "sold the business", By);

    private static void AssertRefused(RuleViolation? violation, string code, string? field = null)
    {
        Assert.NotNull(violation);
        Assert.Equal(code, violation.Code);
        if (field is not null)
        {
            Assert.Equal(field, violation.Details!["field"]);
        }
    }

    // ---- Issue ----

    [Fact]
    public void Issue_StartsBoundAtVersionOne_WithTheWholePremiumWritten()
    {
        var state = Bound();
        Assert.Equal(PolicyStatuses.Bound, state.Status);
        var version = Assert.Single(state.Versions);
        Assert.Equal(1, version.Number);
        Assert.Equal(Effective, version.EffectiveDate);
        Assert.NotNull(version.Application);
        Assert.Equal((952.56m, 46.20m, 151.71m), (state.WrittenPremium, state.WrittenTaxes, state.WrittenFees));
        Assert.Equal("bind", Assert.Single(state.Timeline).Type);
    }

    // ---- Endorse ----

    [Fact]
    public void Endorse_OutsideTheTerm_IsRefused()
    {
        var state = Active();
        var limit = new Dictionary<string, string> { ["deductible"] = "2500" };
        AssertRefused(PolicyRules.Endorse(state, Endorsement(Effective.AddDays(-1), limit), Gl, null, At(Effective)).Violation,
            ErrorCodes.BusinessRuleViolation, "effectiveDate");
        AssertRefused(PolicyRules.Endorse(state, Endorsement(Expiration, limit), Gl, null, At(Effective)).Violation,
            ErrorCodes.BusinessRuleViolation, "effectiveDate");
        Assert.Null(PolicyRules.Endorse(state, Endorsement(Expiration.AddDays(-1), limit), Gl, null, At(Effective)).Violation);
        Assert.Null(PolicyRules.Endorse(state, Endorsement(Effective, limit), Gl, null, At(Effective)).Violation);
    }

    [Fact]
    public void Endorse_BeforeTheCurrentVersion_IsRefused()
    {
        var state = Active();
        var later = new DateOnly(2027, 6, 1);
        Applied(state, PolicyRules.Endorse(state, Endorsement(later, new() { ["deductible"] = "2500" }), Gl, null, At(Effective)));

        var before = PolicyRules.Endorse(state, Endorsement(later.AddDays(-1), new() { ["deductible"] = "5000" }), Gl, null, At(Effective));
        AssertRefused(before.Violation, ErrorCodes.BusinessRuleViolation, "effectiveDate");
        Assert.Contains("Version 2", before.Violation!.Message);
        Assert.Null(PolicyRules.Endorse(state, Endorsement(later, new() { ["deductible"] = "5000" }), Gl, null, At(Effective)).Violation);
    }

    [Fact]
    public void Endorse_AnInputThePlanDoesNotHave_IsValidationFailedNamingTheChange()
    {
        var violation = PolicyRules.Endorse(Active(), Endorsement(Effective, new() { ["buildingAge"] = "12" }), Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.ValidationFailed, "changes.buildingAge");
        Assert.Equal("unknown_field", violation!.Details!["rule"]);
    }

    [Fact]
    public void Endorse_AnOverlongValue_IsValidationFailedNamingTheChange()
    {
        var violation = PolicyRules.Endorse(Active(), Endorsement(Effective, new() { ["naicsCode"] = new string('5', 201) }), Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.ValidationFailed, "changes.naicsCode");
        Assert.Equal("max_length", violation!.Details!["rule"]);
    }

    [Fact]
    public void Endorse_AValueThePlanRefuses_IsValidationFailedNamingTheChange()
    {
        var violation = PolicyRules.Endorse(Active(), Endorsement(Effective, new() { ["requestedLimit"] = "1500000" }), Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.ValidationFailed, "changes.requestedLimit");
        Assert.Equal("not_in_plan", violation!.Details!["rule"]);
    }

    [Fact]
    public void Endorse_ReRates_AndWritesTheProRataShareOfEachDifference()
    {
        var state = Active();
        var date = new DateOnly(2027, 7, 2); // 183 of 365 days left
        var change = Applied(state, PolicyRules.Endorse(state, Endorsement(date, new() { ["requestedLimit"] = "2000000" }), Gl, null, At(date)));

        // Re-rated at 2M: 1,219.28 premium, 59.14 taxes, 152.19 fees (a year), against 952.56, 46.20 and 151.71.
        var version = change.NewVersion!;
        Assert.Equal((1219.28m, 59.14m, 152.19m), (version.Rating.GrossPremium, version.Rating.Taxes, version.Rating.Fees));
        Assert.Equal(133.73m, version.PremiumDelta); // 266.72 x 183 / 365 = 133.726
        Assert.Equal(6.49m, version.TaxesDelta);     // 12.94 x 183 / 365 = 6.488
        Assert.Equal(0.24m, version.FeesDelta);      // 0.48 x 183 / 365 = 0.241
        Assert.Equal((2, date), (version.Number, version.EffectiveDate));
        Assert.Equal((952.56m + 133.73m, 46.20m + 6.49m, 151.71m + 0.24m), (state.WrittenPremium, state.WrittenTaxes, state.WrittenFees));
        var transaction = state.Timeline[^1];
        Assert.Equal(("endorse", 133.73m, 6.49m, 0.24m, 2), (transaction.Type, transaction.PremiumEffect, transaction.TaxesEffect, transaction.FeesEffect, transaction.VersionNumber));
        Assert.Equal(("policy.endorsed", PolicyStatuses.Active), (change.EventType, state.Status));
    }

    [Fact]
    public void Endorse_AChangeUnderwritingWouldRefer_IsRefused()
    {
        var violation = PolicyRules.Endorse(Active(), Endorsement(Effective, new() { ["requestedLimit"] = "3000000" }), Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.BusinessRuleViolation);
        Assert.Equal(ReadinessVerdicts.ReferralRequired, violation!.Details!["verdict"]);
    }

    [Fact]
    public void Endorse_AChangeUnderwritingWouldRefer_GoesThroughWithAnApprovedReferralOnThePolicy_Once()
    {
        var state = Active();
        var higher = new Dictionary<string, string> { ["requestedLimit"] = "3000000" };
        Decision<PolicyChange> Endorse(string? referralId) =>
            PolicyRules.Endorse(state, Endorsement(Effective, higher) with { ReferralId = referralId }, Gl, null, At(Effective));
        void AssertReferral(RuleViolation? violation, string rule, string? referralId)
        {
            AssertRefused(violation, ErrorCodes.BusinessRuleViolation, "referralId");
            Assert.Equal(rule, violation!.Details!["rule"]);
            Assert.Equal(referralId, violation.Details.GetValueOrDefault("referralId"));
        }

        // Without a referral, the refusal says how to proceed.
        var none = Endorse(null).Violation;
        AssertReferral(none, "referral_required", null);
        Assert.Equal(ReadinessVerdicts.ReferralRequired, none!.Details!["verdict"]);
        Assert.Contains("POST /v1/referrals", none.Message);
        Assert.Contains("referralId", none.Message);

        var opened = new ReferralNotice("ref_1", ReferralStatuses.Open, At(Effective));
        ReferralStandings.Record(state.Referrals, opened);
        AssertReferral(Endorse(null).Violation, "referral_open", "ref_1");
        AssertReferral(Endorse("ref_1").Violation, "referral_open", "ref_1");
        AssertReferral(Endorse("ref_elsewhere").Violation, "referral_unknown", "ref_elsewhere");
        ReferralStandings.Record(state.Referrals, new ReferralNotice("ref_2", ReferralStatuses.Rejected, At(Effective)));
        AssertReferral(Endorse("ref_2").Violation, "referral_rejected", "ref_2");

        ReferralStandings.Record(state.Referrals, opened with { Status = ReferralStatuses.Approved });
        var endorsed = Applied(state, Endorse("ref_1"));
        Assert.Equal((2, "ref_1"), (endorsed.NewVersion!.Number, endorsed.NewVersion.ReferralId));
        Assert.Equal("3000000", PolicyRules.ApplicationOf(state, PolicyRules.Current(state)).Inputs["requestedLimit"]);

        var again = Endorse("ref_1").Violation;
        AssertReferral(again, "referral_used", "ref_1");
        Assert.Contains("version 2", again!.Message);
    }

    [Fact]
    public void Endorse_IntoADeclinedClass_IsRefused_EvenWithAnApprovedReferral()
    {
        var state = Active();
        ReferralStandings.Record(state.Referrals, new ReferralNotice("ref_1", ReferralStatuses.Approved, At(Effective)));
        var violation = PolicyRules.Endorse(state, Endorsement(Effective, new() { ["naicsCode"] = "238160" }) with { ReferralId = "ref_1" }, Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.BusinessRuleViolation);
        Assert.Equal(ReadinessVerdicts.Declined, violation!.Details!["verdict"]);
    }

    [Fact]
    public void Endorse_IntoADeclinedClass_IsRefused()
    {
        var violation = PolicyRules.Endorse(Active(), Endorsement(Effective, new() { ["naicsCode"] = "238160" }), Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.BusinessRuleViolation);
        Assert.Equal(ReadinessVerdicts.Declined, violation!.Details!["verdict"]);
    }

    [Fact]
    public void Endorse_StoresOnlyWhatChanged_AndApplicationOfFoldsTheChangesBack()
    {
        var state = Active();
        // The state is sent again unchanged: only the limit and the name are changes.
        var second = Applied(state, PolicyRules.Endorse(state, Endorsement(new DateOnly(2027, 3, 1),
            new() { ["requestedLimit"] = "2000000", ["state"] = "TX" }, "Acme Software Two"), Gl, null, At(Effective))).NewVersion!;
        var third = Applied(state, PolicyRules.Endorse(state, Endorsement(new DateOnly(2027, 5, 1),
            new() { ["deductible"] = "2500" }), Gl, null, At(Effective))).NewVersion!;

        Assert.Null(second.Application);
        Assert.Equal(new Dictionary<string, string> { ["requestedLimit"] = "2000000", ["insuredName"] = "Acme Software Two" }, second.Changes);
        Assert.Null(third.Application);
        Assert.Equal(new Dictionary<string, string> { ["deductible"] = "2500" }, third.Changes);

        var first = PolicyRules.ApplicationOf(state, state.Versions[0]);
        Assert.Equal(("Acme Software", "1000000", "1000"), (first.InsuredName, first.Inputs["requestedLimit"], first.Inputs["deductible"]));
        var afterSecond = PolicyRules.ApplicationOf(state, second);
        Assert.Equal(("Acme Software Two", "2000000", "1000"), (afterSecond.InsuredName, afterSecond.Inputs["requestedLimit"], afterSecond.Inputs["deductible"]));
        Assert.DoesNotContain("insuredName", afterSecond.Inputs.Keys);
        var current = PolicyRules.ApplicationOf(state, PolicyRules.Current(state));
        Assert.Equal(("Acme Software Two", "2000000", "2500", "TX"),
            (current.InsuredName, current.Inputs["requestedLimit"], current.Inputs["deductible"], current.Inputs["state"]));
        // Each version was rated on the application folded up to it.
        Assert.Equal(RatingEngine.Rate(Gl, current.ToRating()).GrossPremium, third.Rating.GrossPremium);
    }

    [Fact]
    public void Endorse_NumbersSentAsText_AreHeldInCanonicalForm_LikeASubmissions()
    {
        var state = Active();
        var version = Applied(state, PolicyRules.Endorse(state, Endorsement(Effective,
            new() { ["requestedLimit"] = "2000000.00", ["annualRevenue"] = "+2500000.0", ["deductible"] = "02500" }), Gl, null, At(Effective))).NewVersion!;

        // The revenue is the same number as before, so it is no change.
        Assert.Equal(new Dictionary<string, string> { ["requestedLimit"] = "2000000", ["deductible"] = "2500" }, version.Changes);
        Assert.Equal("2500000", PolicyRules.ApplicationOf(state, version).Inputs["annualRevenue"]);
        Assert.Equal(1.28m, version.Rating.Breakdown.Single(s => s.Step == "increased_limit").Factor);
    }

    [Fact]
    public void ApplicationOf_AnOlderVersionStoredWithAFullCopy_UsesThatCopy()
    {
        var state = Active();
        var copy = state.Terms!.Application with { InsuredName = "Stored Copy", Inputs = new(state.Terms.Application.Inputs) { ["deductible"] = "5000" } };
        state.Versions.Add(state.Versions[0] with { Number = 2, Application = copy });
        var later = Applied(state, PolicyRules.Endorse(state, Endorsement(Effective, new() { ["requestedLimit"] = "2000000" }), Gl, null, At(Effective))).NewVersion!;

        var folded = PolicyRules.ApplicationOf(state, later);
        Assert.Equal(("Stored Copy", "5000", "2000000"), (folded.InsuredName, folded.Inputs["deductible"], folded.Inputs["requestedLimit"]));
    }

    // ---- Cancel ----

    [Fact]
    public void Cancel_EffectiveTodayOrEarlier_CancelsNow()
    {
        var state = Active();
        var today = new DateOnly(2027, 10, 1);
        var change = Applied(state, PolicyRules.Cancel(state, Cancellation(today.AddDays(-1)), Settings, null, today, At(today)));

        Assert.Equal((PolicyAction.Cancel, "policy.cancelled", PolicyStatuses.Cancelled), (change.Action, change.EventType, state.Status));
        Assert.True(state.Cancellation!.Completed);
        // 93 of 365 days unearned: 952.56 x 93 / 365 = 242.71 back, with taxes in proportion.
        Assert.Equal(93, state.Cancellation.Calculation.UnearnedDays);
        Assert.Equal(242.71m, state.Cancellation.Calculation.ReturnPremium);
        Assert.Equal(952.56m - 242.71m, state.WrittenPremium);
        Assert.Equal(46.20m - state.Cancellation.Calculation.ReturnTaxes, state.WrittenTaxes);
        Assert.Equal(("cancel", -242.71m), (state.Timeline[^1].Type, state.Timeline[^1].PremiumEffect));
    }

    [Fact]
    public void Cancel_EffectiveLater_IsScheduled_AndItsReturnIsWrittenNow()
    {
        var state = Active();
        var today = new DateOnly(2027, 9, 1);
        var change = Applied(state, PolicyRules.Cancel(state, Cancellation(new DateOnly(2027, 10, 1)), Settings, null, today, At(today)));

        Assert.Equal((PolicyAction.ScheduleCancellation, "policy.cancellation_scheduled", PolicyStatuses.PendingCancellation),
            (change.Action, change.EventType, state.Status));
        Assert.False(state.Cancellation!.Completed);
        Assert.Equal(new DateOnly(2027, 10, 1), state.Cancellation.EffectiveDate);
        Assert.Equal(952.56m - 240.10m, state.WrittenPremium); // 92 days unearned
    }

    [Fact]
    public void Cancel_FlatAfterInception_IsRefused()
    {
        var state = Active();
        var today = new DateOnly(2027, 1, 20);
        AssertRefused(PolicyRules.Cancel(state, Cancellation(Effective.AddDays(1), CancellationMethods.Flat), Settings, null, today, At(today)).Violation,
            ErrorCodes.BusinessRuleViolation, "method");
        var flat = Applied(state, PolicyRules.Cancel(state, Cancellation(Effective, CancellationMethods.Flat), Settings, null, today, At(today)));
        Assert.Equal(952.56m, flat.Cancellation!.Calculation.ReturnPremium);
        Assert.Equal(0m, state.WrittenPremium);
    }

    [Fact]
    public void Cancel_BackdatedFurtherThanTheSettingAllows_IsRefused()
    {
        var state = Active();
        var today = new DateOnly(2027, 6, 1);
        var violation = PolicyRules.Cancel(state, Cancellation(today.AddDays(-31)), Settings, null, today, At(today)).Violation;
        AssertRefused(violation, ErrorCodes.BusinessRuleViolation, "effectiveDate");
        Assert.Contains("30 days", violation!.Message);
        Assert.Null(PolicyRules.Cancel(state, Cancellation(today.AddDays(-30)), Settings, null, today, At(today)).Violation);

        var strict = new PolicySettings { MaxBackdateDays = 5 };
        AssertRefused(PolicyRules.Cancel(state, Cancellation(today.AddDays(-6)), strict, null, today, At(today)).Violation,
            ErrorCodes.BusinessRuleViolation, "effectiveDate");
        Assert.Null(PolicyRules.Cancel(state, Cancellation(today.AddDays(-5)), strict, null, today, At(today)).Violation);
    }

    [Fact]
    public void Cancel_OutsideTheTerm_IsRefused()
    {
        var state = Active();
        var today = new DateOnly(2027, 1, 10);
        AssertRefused(PolicyRules.Cancel(state, Cancellation(Effective.AddDays(-1)), Settings, null, today, At(today)).Violation,
            ErrorCodes.BusinessRuleViolation, "effectiveDate");
        AssertRefused(PolicyRules.Cancel(state, Cancellation(Expiration.AddDays(1)), Settings, null, today, At(today)).Violation,
            ErrorCodes.BusinessRuleViolation, "effectiveDate");
        var atExpiry = PolicyRules.Cancel(state, Cancellation(Expiration), Settings, null, today, At(today));
        Assert.Equal(0m, atExpiry.Facts!.Cancellation!.Calculation.ReturnPremium);
    }

    [Fact]
    public void Cancel_ABoundPolicyForItsInception_IsScheduled()
    {
        var state = Bound();
        var change = Applied(state, PolicyRules.Cancel(state, Cancellation(Effective, CancellationMethods.Flat), Settings, null, IssuedOn, At(IssuedOn)));
        Assert.Equal((PolicyAction.ScheduleCancellation, PolicyStatuses.PendingCancellation), (change.Action, state.Status));
    }

    // ---- Reinstate ----

    /// <summary>Active, then cancelled now on <paramref name="on"/>.</summary>
    private static PolicyState CancelledOn(DateOnly on)
    {
        var state = Active();
        Applied(state, PolicyRules.Cancel(state, Cancellation(on), Settings, null, on, At(on)));
        Assert.Equal(PolicyStatuses.Cancelled, state.Status);
        return state;
    }

    [Fact]
    public void Reinstate_WithinTheWindow_ReturnsToActive_AndChargesBackTheReturn()
    {
        var cancelledOn = new DateOnly(2027, 6, 1);
        var state = CancelledOn(cancelledOn);
        var returned = state.Cancellation!.Calculation;
        var today = cancelledOn.AddDays(Settings.ReinstatementWindowDays);
        var change = Applied(state, PolicyRules.Reinstate(state, "paid", By, Settings, null, today, At(today)));

        Assert.Equal((PolicyAction.Reinstate, "policy.reinstated", PolicyStatuses.Active), (change.Action, change.EventType, state.Status));
        Assert.Null(state.Cancellation);
        Assert.Equal((952.56m, 46.20m), (state.WrittenPremium, state.WrittenTaxes));
        Assert.Equal(("reinstate", returned.ReturnPremium, returned.ReturnTaxes, cancelledOn),
            (state.Timeline[^1].Type, state.Timeline[^1].PremiumEffect, state.Timeline[^1].TaxesEffect, state.Timeline[^1].EffectiveDate));
    }

    [Fact]
    public void Reinstate_AfterTheWindow_IsRefused()
    {
        var cancelledOn = new DateOnly(2027, 6, 1);
        var state = CancelledOn(cancelledOn);
        var today = cancelledOn.AddDays(Settings.ReinstatementWindowDays + 1);
        AssertRefused(PolicyRules.Reinstate(state, null, By, Settings, null, today, At(today)).Violation, ErrorCodes.BusinessRuleViolation);
        var longer = new PolicySettings { ReinstatementWindowDays = 60 };
        Assert.Null(PolicyRules.Reinstate(state, null, By, longer, null, today, At(today)).Violation);
    }

    [Fact]
    public void Reinstate_AfterTheTermEnded_IsRefused()
    {
        var cancelledOn = Expiration.AddDays(-10);
        var state = CancelledOn(cancelledOn);
        Assert.Null(PolicyRules.Reinstate(state, null, By, Settings, null, Expiration.AddDays(-1), At(Expiration.AddDays(-1))).Violation);
        var violation = PolicyRules.Reinstate(state, null, By, Settings, null, Expiration, At(Expiration)).Violation;
        AssertRefused(violation, ErrorCodes.BusinessRuleViolation);
        Assert.Contains("term has ended", violation!.Message);
    }

    [Fact]
    public void Reinstate_AScheduledCancellation_ReturnsToActive()
    {
        var state = Active();
        var today = new DateOnly(2027, 3, 1);
        Applied(state, PolicyRules.Cancel(state, Cancellation(new DateOnly(2027, 4, 1)), Settings, null, today, At(today)));
        var change = Applied(state, PolicyRules.Reinstate(state, null, By, Settings, null, today, At(today)));
        Assert.Equal((PolicyAction.Reinstate, PolicyStatuses.Active), (change.Action, state.Status));
        Assert.Equal(952.56m, state.WrittenPremium);
    }

    [Fact]
    public void Reinstate_BeforeInception_ReturnsToBound_AndTheClockStillActivates()
    {
        var state = Bound();
        Applied(state, PolicyRules.Cancel(state, Cancellation(Effective, CancellationMethods.Flat), Settings, null, IssuedOn, At(IssuedOn)));
        Assert.Equal(0m, state.WrittenPremium);

        var change = Applied(state, PolicyRules.Reinstate(state, null, By, Settings, null, IssuedOn.AddDays(1), At(IssuedOn.AddDays(1))));
        Assert.Equal((PolicyAction.ReinstateBeforeInception, PolicyStatuses.Bound), (change.Action, state.Status));
        Assert.Equal(952.56m, state.WrittenPremium);
        Assert.Null(state.Cancellation);
        Assert.Equal(Effective, PolicyRules.NextDue(state, Settings, IssuedOn.AddDays(1)));
        Assert.Equal(PolicyAction.Activate, PolicyRules.Due(state, Settings, Gl, Effective, At(Effective))!.Action);
    }

    [Fact]
    public void Reinstate_AnActivePolicy_IsAnInvalidTransition()
    {
        var violation = PolicyRules.Reinstate(Active(), null, By, Settings, null, Effective, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.InvalidStateTransition);
        Assert.Equal((PolicyStatuses.Active, PolicyStatuses.Active), (violation!.Details!["from"], violation.Details["to"]));
    }

    // ---- Renew ----

    [Fact]
    public void Renew_OffersTheNextTermRatedOnTheLivePlan()
    {
        var state = Active();
        var offer = PolicyRules.Renew(state, Gl, null, At(Effective)).Facts!;
        Assert.Equal((Expiration, new DateOnly(2029, 1, 1)), (offer.EffectiveDate, offer.ExpirationDate));
        var renewal = state.Terms!.Application with { EffectiveDate = Expiration, ExpirationDate = new DateOnly(2029, 1, 1) };
        Assert.Equal(RatingEngine.Rate(Gl, renewal.ToRating()).GrossPremium, offer.Rating.GrossPremium);

        var renewed = PolicyRules.Renewed(state, offer, "pol_next", By, At(Effective));
        PolicyRules.Apply(state, renewed);
        Assert.Equal(("pol_next", PolicyStatuses.Active), (state.RenewedToPolicyId, state.Status));
        Assert.Equal(("renew", "pol_next"), (state.Timeline[^1].Type, state.Timeline[^1].RelatedPolicyId));
    }

    [Fact]
    public void Renew_AlreadyRenewed_IsRefused()
    {
        var state = Active();
        PolicyRules.Apply(state, PolicyRules.Renewed(state, PolicyRules.Renew(state, Gl, null, At(Effective)).Facts!, "pol_next", By, At(Effective)));
        var violation = PolicyRules.Renew(state, Gl, null, At(Effective)).Violation;
        AssertRefused(violation, ErrorCodes.BusinessRuleViolation);
        Assert.Contains("pol_next", violation!.Message);
    }

    [Fact]
    public void Renew_TermsTheLivePlanCannotRate_IsRefused()
    {
        var state = Active();
        // The live plan now asks for an input the policy never gave.
        var stricter = new RatingPlan
        {
            Code = "GL",
            Name = "GL",
            Version = "2028.1",
            PolicyNumberPrefix = "GL",
            Inputs = { ["buildingAge"] = new InputSpec { Type = "integer", Required = true } },
        };
        AssertRefused(PolicyRules.Renew(state, stricter, null, At(Effective)).Violation, ErrorCodes.BusinessRuleViolation);
        AssertRefused(PolicyRules.Renew(state, null, null, At(Effective)).Violation, ErrorCodes.BusinessRuleViolation);
    }

    [Fact]
    public void Renew_AfterTheOffer_ReusesIt_EvenWhenTheLivePlanNoLongerRates()
    {
        var state = Active();
        var offerDay = Expiration.AddDays(-Settings.RenewalOfferDays);
        var offered = Applied(state, PolicyRules.Due(state, Settings, Gl, offerDay, At(offerDay))).RenewalOffer!;
        Assert.Same(offered, PolicyRules.Renew(state, null, null, At(offerDay.AddDays(1))).Facts);
    }

    // ---- Due and NextDue ----

    [Fact]
    public void Due_ActivatesOnTheEffectiveDate()
    {
        var state = Bound();
        Assert.Null(PolicyRules.Due(state, Settings, Gl, Effective.AddDays(-1), At(Effective.AddDays(-1))));
        var change = Applied(state, PolicyRules.Due(state, Settings, Gl, Effective, At(Effective)));
        Assert.Equal((PolicyAction.Activate, "policy.activated", PolicyStatuses.Active), (change.Action, change.EventType, state.Status));
        Assert.Equal(("activate", Effective, Actor.System), (state.Timeline[^1].Type, state.Timeline[^1].EffectiveDate, state.Timeline[^1].By));
        Assert.Null(PolicyRules.Due(state, Settings, Gl, Effective, At(Effective)));
    }

    [Fact]
    public void Due_CompletesAScheduledCancellationOnItsDate()
    {
        var state = Active();
        var on = new DateOnly(2027, 4, 1);
        Applied(state, PolicyRules.Cancel(state, Cancellation(on), Settings, null, Effective, At(Effective)));
        var written = state.WrittenPremium;
        Assert.Null(PolicyRules.Due(state, Settings, Gl, on.AddDays(-1), At(on.AddDays(-1))));

        var change = Applied(state, PolicyRules.Due(state, Settings, Gl, on, At(on)));
        Assert.Equal((PolicyAction.CompleteCancellation, "policy.cancelled", PolicyStatuses.Cancelled), (change.Action, change.EventType, state.Status));
        Assert.True(state.Cancellation!.Completed);
        Assert.Equal(written, state.WrittenPremium); // the return was written when it was scheduled
        Assert.Null(PolicyRules.Due(state, Settings, Gl, Expiration, At(Expiration)));
    }

    [Fact]
    public void Due_OffersTheRenewal_RenewalOfferDaysBeforeExpiry()
    {
        var state = Active();
        var offerDay = Expiration.AddDays(-Settings.RenewalOfferDays);
        Assert.Null(PolicyRules.Due(state, Settings, Gl, offerDay.AddDays(-1), At(offerDay.AddDays(-1))));
        Assert.Null(PolicyRules.Due(state, new PolicySettings { RenewalOfferDays = 30 }, Gl, offerDay, At(offerDay)));

        var change = Applied(state, PolicyRules.Due(state, Settings, Gl, offerDay, At(offerDay)));
        Assert.Equal((PolicyAction.OfferRenewal, "policy.renewal_offered", PolicyStatuses.Active), (change.Action, change.EventType, state.Status));
        Assert.Equal(Expiration, state.RenewalOffer!.EffectiveDate);
        Assert.Null(change.Transaction);
        Assert.Null(PolicyRules.Due(state, Settings, Gl, offerDay, At(offerDay)));
    }

    [Fact]
    public void Due_ExpiresOnTheExpirationDate()
    {
        var state = Active();
        PolicyRules.Apply(state, PolicyRules.Renewed(state, PolicyRules.Renew(state, Gl, null, At(Effective)).Facts!, "pol_next", By, At(Effective)));
        Assert.Null(PolicyRules.Due(state, Settings, Gl, Expiration.AddDays(-1), At(Expiration.AddDays(-1))));

        var change = Applied(state, PolicyRules.Due(state, Settings, Gl, Expiration, At(Expiration)));
        Assert.Equal((PolicyAction.Expire, "policy.expired", PolicyStatuses.Expired), (change.Action, change.EventType, state.Status));
        Assert.Equal(("expire", Expiration, "pol_next"), (state.Timeline[^1].Type, state.Timeline[^1].EffectiveDate, state.Timeline[^1].RelatedPolicyId));
        Assert.Null(PolicyRules.Due(state, Settings, Gl, Expiration.AddDays(400), At(Expiration.AddDays(400))));
    }

    [Fact]
    public void Due_LongOverdue_AppliesActivationThenOfferThenExpiry_OneAtATime()
    {
        var state = Bound();
        var late = Expiration.AddDays(3);
        var actions = new List<PolicyAction>();
        while (PolicyRules.Due(state, Settings, Gl, late, At(late)) is { } change)
        {
            PolicyRules.Apply(state, change);
            actions.Add(change.Action);
        }
        Assert.Equal([PolicyAction.Activate, PolicyAction.OfferRenewal, PolicyAction.Expire], actions);
        Assert.Equal(PolicyStatuses.Expired, state.Status);
    }

    [Fact]
    public void Due_ScheduledCancellationComesBeforeTheOfferAndExpiry()
    {
        var state = Active();
        Applied(state, PolicyRules.Cancel(state, Cancellation(Expiration.AddDays(-5)), Settings, null, Effective, At(Effective)));
        var late = Expiration.AddDays(3);
        Assert.Equal(PolicyAction.CompleteCancellation, Applied(state, PolicyRules.Due(state, Settings, Gl, late, At(late))).Action);
        Assert.Null(PolicyRules.Due(state, Settings, Gl, late, At(late)));
        Assert.Null(state.RenewalOffer);
    }

    [Fact]
    public void Due_WhenTheLivePlanCannotRateTheRenewal_MakesNoOffer_AndStillExpires()
    {
        var state = Active();
        Assert.Equal(PolicyAction.Expire, Applied(state, PolicyRules.Due(state, Settings, null, Expiration, At(Expiration))).Action);
        Assert.Null(state.RenewalOffer);
    }

    [Fact]
    public void NextDue_IsTheDateOfWhateverTheClockDoesNext()
    {
        var state = Bound();
        Assert.Equal(Effective, PolicyRules.NextDue(state, Settings, IssuedOn));

        PolicyRules.Apply(state, PolicyRules.Due(state, Settings, Gl, Effective, At(Effective))!);
        var offerDay = Expiration.AddDays(-Settings.RenewalOfferDays);
        Assert.Equal(offerDay, PolicyRules.NextDue(state, Settings, Effective));
        Assert.Equal(Expiration.AddDays(-10), PolicyRules.NextDue(state, new PolicySettings { RenewalOfferDays = 10 }, Effective));
        // The offer date has passed without an offer (the plan would not rate it): expiry is next.
        Assert.Equal(Expiration, PolicyRules.NextDue(state, Settings, offerDay));

        var scheduled = Active();
        Applied(scheduled, PolicyRules.Cancel(scheduled, Cancellation(new DateOnly(2027, 4, 1)), Settings, null, Effective, At(Effective)));
        Assert.Equal(new DateOnly(2027, 4, 1), PolicyRules.NextDue(scheduled, Settings, Effective));

        PolicyRules.Apply(state, PolicyRules.Due(state, Settings, Gl, offerDay, At(offerDay))!);
        Assert.Equal(Expiration, PolicyRules.NextDue(state, Settings, offerDay));
        PolicyRules.Apply(state, PolicyRules.Due(state, Settings, Gl, Expiration, At(Expiration))!);
        Assert.Null(PolicyRules.NextDue(state, Settings, Expiration));

        Assert.Null(PolicyRules.NextDue(CancelledOn(new DateOnly(2027, 2, 1)), Settings, new DateOnly(2027, 2, 1)));
    }

    /// <summary>
    /// Whatever the term, the reminder is aimed at the first day the clock has something to do: each day NextDue
    /// names is a day Due acts on, and Due acts on no day before it.
    /// </summary>
    [Theory]
    [InlineData(365, 0)]
    [InlineData(90, 0)]
    [InlineData(30, 0)]
    [InlineData(30, 20)]
    [InlineData(365, 200)]
    public void NextDue_NamesTheFirstDayDueActs_ForAnyTerm(int termDays, int cancelAfterDays)
    {
        var state = Issued(Effective, At(IssuedOn), Effective.AddDays(termDays));
        if (cancelAfterDays > 0)
        {
            Applied(state, PolicyRules.Cancel(state, Cancellation(Effective.AddDays(cancelAfterDays)), Settings, null, IssuedOn, At(IssuedOn)));
        }
        var today = IssuedOn;
        var steps = 0;
        while (PolicyRules.NextDue(state, Settings, today) is { } next)
        {
            for (var day = today.AddDays(1); day < next; day = day.AddDays(1))
            {
                Assert.Null(PolicyRules.Due(state, Settings, Gl, day, At(day)));
            }
            today = next;
            Applied(state, PolicyRules.Due(state, Settings, Gl, today, At(today)));
            while (PolicyRules.Due(state, Settings, Gl, today, At(today)) is { } more)
            {
                PolicyRules.Apply(state, more);
            }
            Assert.True(++steps < 10);
        }
        Assert.Equal(cancelAfterDays > 0 ? PolicyStatuses.Cancelled : PolicyStatuses.Expired, state.Status);
    }

    // ---- Gate and Apply ----

    [Fact]
    public void Gate_AStaleETag_IsAConflict()
    {
        var state = Active();
        state.Version = 4;
        var conflict = PolicyRules.Gate(state, PolicyAction.Endorse, 3);
        AssertRefused(conflict, ErrorCodes.Conflict);
        Assert.Equal("\"4\"", conflict!.Details!["etag"]);
        Assert.Null(PolicyRules.Gate(state, PolicyAction.Endorse, 4));
        Assert.Null(PolicyRules.Gate(state, PolicyAction.Endorse, null));
        // Each command goes through the gate.
        AssertRefused(PolicyRules.Endorse(state, Endorsement(Effective, new() { ["deductible"] = "2500" }), Gl, 3, At(Effective)).Violation, ErrorCodes.Conflict);
        AssertRefused(PolicyRules.Cancel(state, Cancellation(Effective), Settings, 3, Effective, At(Effective)).Violation, ErrorCodes.Conflict);
        AssertRefused(PolicyRules.Renew(state, Gl, 3, At(Effective)).Violation, ErrorCodes.Conflict);
    }

    [Fact]
    public void Gate_AnActionTheLifecycleRefuses_IsAnInvalidTransitionNamingBothStatuses()
    {
        var state = CancelledOn(new DateOnly(2027, 2, 1));
        var violation = PolicyRules.Gate(state, PolicyAction.Endorse, null);
        AssertRefused(violation, ErrorCodes.InvalidStateTransition);
        Assert.Equal((PolicyStatuses.Cancelled, "endorsed"), (violation!.Details!["from"], violation.Details["to"]));
        var cancel = PolicyRules.Cancel(state, Cancellation(new DateOnly(2027, 2, 1)), Settings, null, new DateOnly(2027, 2, 1), At(new DateOnly(2027, 2, 1))).Violation;
        Assert.Equal((ErrorCodes.InvalidStateTransition, PolicyStatuses.Cancelled, PolicyStatuses.Cancelled), (cancel!.Code, cancel.Details!["from"], cancel.Details["to"]));
        Assert.Null(PolicyRules.Gate(state, PolicyAction.Reinstate, null));
    }

    [Fact]
    public void Apply_AChangeTheLifecycleRefuses_Throws_AndLeavesTheStateAlone()
    {
        var state = CancelledOn(new DateOnly(2027, 2, 1));
        var before = (state.Status, state.Timeline.Count, state.WrittenPremium);
        var activate = new PolicyChange(PolicyAction.Activate, "policy.activated", At(Effective), null, PremiumWritten: 100m);
        var error = Assert.Throws<InvalidOperationException>(() => PolicyRules.Apply(state, activate));
        Assert.Contains("Activate", error.Message);
        Assert.Equal(before, (state.Status, state.Timeline.Count, state.WrittenPremium));
    }
}
