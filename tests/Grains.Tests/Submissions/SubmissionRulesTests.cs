using Insure.Grains.Products;
using Insure.Grains.Referrals;
using Insure.Grains.Submissions;
using Insure.Grains.Underwriting;

namespace Insure.Grains.Tests.Submissions;

/// <summary>The submission rules as pure functions on the real catalog, no cluster. Today is 2026-11-01.</summary>
public sealed class SubmissionRulesTests
{
    private static readonly ProductCatalog Catalog = ProductCatalog.LoadEmbedded();
    private static RatingPlan Gl => Catalog.Find("GL")!;
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Effective = new(2026, 12, 1);
    private static readonly Actor By = Actor.ApiKey("key_test", "org_test");

    private static SubmissionDraft GlDraft(Action<Dictionary<string, string>>? change = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["naicsCode"] = "541511",
            ["annualRevenue"] = "2500000",
            ["requestedLimit"] = "1000000",
            ["state"] = "TX",
            ["deductible"] = "1000",
        };
        change?.Invoke(fields);
        return new SubmissionDraft("Acme Software", "GL", Effective, null, fields, [], [], "ph_test", null);
    }

    private static SubmissionDraft DinosureDraft(Action<Dictionary<string, string>>? change = null)
    {
        var attributes = new Dictionary<string, string> { ["coverAmount"] = "50000", ["age"] = "12", ["species"] = "Velociraptor" };
        change?.Invoke(attributes);
        return new SubmissionDraft("Isla Nublar Park", "dinosure", Effective, null, [], attributes, null, null, null);
    }

    private static RuleViolation Refused(SubmissionDraft draft, string field, string rule)
    {
        var violation = SubmissionRules.Application(draft, Catalog, Today).Violation;
        Assert.NotNull(violation);
        Assert.Equal(ErrorCodes.ValidationFailed, violation.Code);
        Assert.Equal((field, rule), (violation.Details!["field"], violation.Details["rule"]));
        return violation;
    }

    private static SubmissionApplication Accepted(SubmissionDraft draft)
    {
        var decision = SubmissionRules.Application(draft, Catalog, Today);
        Assert.Null(decision.Violation);
        return decision.Facts!;
    }

    // ---- Application ----

    [Fact]
    public void Application_ForAProductNotInTheCatalog_NamesLineOfBusiness_AndListsTheProducts()
    {
        var violation = Refused(GlDraft() with { ProductCode = "PET" }, "lineOfBusiness", "not_in_catalog");
        Assert.Contains("GL, dinosure", violation.Message);
    }

    [Fact]
    public void Application_InsuredName_IsRequiredAndBounded()
    {
        Refused(GlDraft() with { InsuredName = "  " }, "insuredName", "required");
        Refused(GlDraft() with { InsuredName = new string('a', SubmissionRules.MaxValueLength + 1) }, "insuredName", "max_length");
        Accepted(GlDraft() with { InsuredName = new string('a', SubmissionRules.MaxValueLength) });
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2025-10-31")] // 366 days back
    [InlineData("2028-05-02")] // a day past 18 months ahead
    public void Application_EffectiveDateOutsideTheWindow_IsValidationFailedOnEffectiveDate(string date)
    {
        var violation = Refused(GlDraft() with { EffectiveDate = DateOnly.Parse(date) }, "effectiveDate", "range");
        Assert.Contains("2025-11-01", violation.Message);
        Assert.Contains("2028-05-01", violation.Message);
    }

    [Theory]
    [InlineData("2025-11-01")] // 365 days back
    [InlineData("2028-05-01")] // 18 months ahead
    public void Application_EffectiveDateOnTheWindowsEdges_IsAccepted(string date) =>
        Assert.Equal(DateOnly.Parse(date), Accepted(GlDraft() with { EffectiveDate = DateOnly.Parse(date) }).EffectiveDate);

    [Fact]
    public void Application_ExpirationMoreThan18MonthsOn_OrNotAfterTheStart_IsRefused()
    {
        Refused(GlDraft() with { ExpirationDate = Effective.AddMonths(18).AddDays(1) }, "expirationDate", "range");
        Refused(GlDraft() with { ExpirationDate = Effective }, "expirationDate", "range");
        Refused(GlDraft() with { ExpirationDate = DateOnly.MaxValue }, "expirationDate", "range");
        Assert.Equal(Effective.AddMonths(18), Accepted(GlDraft() with { ExpirationDate = Effective.AddMonths(18) }).ExpirationDate);
    }

    [Fact]
    public void Application_ATopLevelInputThePlanDoesNotHave_IsNotApplicable()
    {
        Refused(DinosureDraft() with { Fields = new() { ["naicsCode"] = "541511" } }, "naicsCode", "not_applicable");
        // The state decides taxes whatever the product, so it is always accepted.
        Assert.Equal("TX", Accepted(DinosureDraft() with { Fields = new() { ["state"] = "TX" } }).Inputs["state"]);
    }

    [Fact]
    public void Application_AnAttributeThePlanDoesNotHave_OrATopLevelOneSentAsAttribute_IsUnknown()
    {
        Refused(DinosureDraft(a => a["colour"] = "green"), "attributes.colour", "unknown_field");
        Refused(GlDraft() with { Attributes = new() { ["scheduleModifier"] = "0.1" } }, "attributes.scheduleModifier", "unknown_field");
    }

    [Fact]
    public void Application_CountsAndLengths_AreBounded()
    {
        var many = Enumerable.Range(0, SubmissionRules.MaxAttributes + 1).ToDictionary(i => $"a{i}", _ => "1");
        Refused(DinosureDraft() with { Attributes = many }, "attributes", "max_items");
        var loss = new Loss(new DateOnly(2025, 1, 1), 100m, null);
        Refused(GlDraft() with { LossHistory = Enumerable.Repeat(loss, SubmissionRules.MaxLosses + 1).ToArray() }, "lossHistory", "max_items");
        Assert.Equal(SubmissionRules.MaxLosses, Accepted(GlDraft() with { LossHistory = Enumerable.Repeat(loss, SubmissionRules.MaxLosses).ToArray() }).LossHistory!.Length);

        var tooLong = new string('9', SubmissionRules.MaxValueLength + 1);
        Refused(GlDraft(f => f["naicsCode"] = tooLong), "naicsCode", "max_length");
        Refused(DinosureDraft(a => a["species"] = tooLong), "attributes.species", "max_length");
        Refused(GlDraft() with { LossHistory = [loss, loss with { Description = new string('d', SubmissionRules.MaxDescriptionLength + 1) }] },
            "lossHistory[1].description", "max_length");
        Refused(GlDraft() with { LossHistory = [loss with { Amount = -1m }] }, "lossHistory[0].amount", "range");
    }

    [Fact]
    public void Application_LossDates_RunFrom1900ToToday()
    {
        Refused(GlDraft() with { LossHistory = [new Loss(new DateOnly(1899, 12, 31), 100m, null)] }, "lossHistory[0].date", "range");
        Refused(GlDraft() with { LossHistory = [new Loss(Today.AddDays(1), 100m, null)] }, "lossHistory[0].date", "range");
        Accepted(GlDraft() with { LossHistory = [new Loss(SubmissionRules.EarliestLoss, 100m, null), new Loss(Today, 100m, null)] });
        // A loss after a backdated effective date passes the date range, and the plan refuses it naming the loss.
        Refused(GlDraft() with { EffectiveDate = Today.AddDays(-10), LossHistory = [new Loss(Today.AddDays(-5), 100m, null)] }, "lossHistory[0].date", "range");
    }

    [Fact]
    public void Application_NumbersSentAsText_AreHeldInCanonicalForm()
    {
        var gl = Accepted(GlDraft(f =>
        {
            f["annualRevenue"] = "02500000.00";
            f["requestedLimit"] = "+1000000";
            f["scheduleModifier"] = "-0.050";
        }));
        Assert.Equal(("2500000", "1000000", "-0.05"), (gl.Inputs["annualRevenue"], gl.Inputs["requestedLimit"], gl.Inputs["scheduleModifier"]));
        Assert.Equal("541511", gl.Inputs["naicsCode"]); // text inputs stay as sent

        var dinosure = Accepted(DinosureDraft(a => a["coverAmount"] = "050000.0"));
        Assert.Equal(("50000", "Velociraptor"), (dinosure.Inputs["coverAmount"], dinosure.Inputs["species"]));
    }

    [Fact]
    public void Application_ThePlansOwnChecks_NameTheFieldAsTheCallerSentIt()
    {
        // Top-level inputs keep their own name.
        Refused(GlDraft(f => f["requestedLimit"] = "1500000"), "requestedLimit", "not_in_plan");
        Refused(GlDraft(f => f.Remove("naicsCode")), "naicsCode", "required");
        // Any other input was sent under attributes, and the message says so too.
        var species = Refused(DinosureDraft(a => a["species"] = "Dodo"), "attributes.species", "not_in_plan");
        Assert.StartsWith("attributes.species Dodo is not covered", species.Message);
        var cover = Refused(DinosureDraft(a => a["coverAmount"] = "10"), "attributes.coverAmount", "range");
        Assert.StartsWith("attributes.coverAmount must be between", cover.Message);
        var missing = Refused(DinosureDraft(a => a.Remove("coverAmount")), "attributes.coverAmount", "required");
        Assert.Equal("Missing required field: attributes.coverAmount", missing.Message);
    }

    [Fact]
    public void Application_Accepted_CarriesTheDraftOver()
    {
        var application = Accepted(GlDraft() with { ProducerId = "prd_1", LossHistory = [new Loss(new DateOnly(2025, 3, 1), 5000m, "slip")] });
        Assert.Equal(("Acme Software", "GL", Effective, "ph_test", "prd_1"),
            (application.InsuredName, application.ProductCode, application.EffectiveDate, application.PolicyholderId, application.ProducerId));
        Assert.Equal(5000m, Assert.Single(application.LossHistory!).Amount);
        Assert.Equal(5, application.Inputs.Count);
    }

    // ---- Quote ----

    private static SubmissionState Submitted(SubmissionDraft? draft = null) =>
        new() { Application = Accepted(draft ?? GlDraft()), Status = SubmissionLifecycle.Initial, CreatedAt = Now, UpdatedAt = Now };

    private static SubmissionState Quoted(SubmissionDraft? draft = null, DateTimeOffset? at = null)
    {
        var state = Submitted(draft);
        var quote = SubmissionRules.Quote(state, Gl, "quo_test", at ?? Now);
        Assert.Null(quote.Violation);
        state.Quote = quote.Facts;
        SubmissionRules.Move(state, SubmissionAction.Quote, at ?? Now);
        return state;
    }

    [Fact]
    public void Quote_RatesOnTheLivePlan_AndHolds30Days()
    {
        var state = Submitted();
        var quote = SubmissionRules.Quote(state, Gl, "quo_1", Now).Facts!;
        Assert.Equal(("quo_1", Now, Now.AddDays(30)), (quote.Id, quote.CreatedAt, quote.ExpiresAt));
        Assert.Equal(952.56m, quote.Rating.GrossPremium);
        Assert.Equal(RatingEngine.Rate(Gl, state.Application!.ToRating()).TotalDue, quote.Rating.TotalDue);
        // A quoted submission can be quoted again.
        Assert.Null(SubmissionRules.Quote(Quoted(), Gl, "quo_2", Now).Violation);
    }

    [Fact]
    public void Quote_ABoundSubmission_IsAnInvalidTransition()
    {
        var state = Quoted();
        state.Status = SubmissionStatuses.Bound;
        var violation = SubmissionRules.Quote(state, Gl, "quo_2", Now).Violation!;
        Assert.Equal(ErrorCodes.InvalidStateTransition, violation.Code);
        Assert.Equal((SubmissionStatuses.Bound, SubmissionStatuses.Quoted), (violation.Details!["from"], violation.Details["to"]));
    }

    [Fact]
    public void Quote_ADeclinedRisk_IsRefused()
    {
        var violation = SubmissionRules.Quote(Submitted(GlDraft(f => f["naicsCode"] = "238160")), Gl, "quo_1", Now).Violation!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, violation.Code);
        Assert.Equal(ReadinessVerdicts.Declined, violation.Details!["verdict"]);
    }

    [Fact]
    public void Quote_AReferral_IsStillQuoted()
    {
        var state = Submitted(GlDraft(f => f["requestedLimit"] = "3000000"));
        Assert.Equal(ReadinessVerdicts.ReferralRequired, Triage.Assess(Gl, state.Application!).Verdict);
        Assert.NotNull(SubmissionRules.Quote(state, Gl, "quo_1", Now).Facts);
    }

    [Fact]
    public void Quote_AnApplicationTheLivePlanNoLongerTakes_IsRefusedNamingTheInput()
    {
        var stricter = new RatingPlan
        {
            Code = "GL",
            Name = "GL",
            Version = "2027.1",
            PolicyNumberPrefix = "GL",
            Inputs = { ["buildingAge"] = new InputSpec { Type = "integer", Required = true } },
        };
        var violation = SubmissionRules.Quote(Submitted(), stricter, "quo_1", Now).Violation!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, violation.Code);
        Assert.Equal(("buildingAge", "required"), (violation.Details!["field"], violation.Details["rule"]));
    }

    // ---- Bind ----

    [Fact]
    public void Bind_WithWhatTheProducerLacks_IsRefusedNamingIt_UnlessTheBindIsAlreadyUnderWay_AndTheQuoteWarnsOfIt()
    {
        string[] findings = ["agent prd_1 holds no TX license (needed for GL on 2026-12-01)", "agency prd_2 is suspended"];
        var state = Quoted(GlDraft() with { ProducerId = "prd_1" });
        Assert.Empty(state.Quote!.Warnings!);
        Assert.Equal(findings, SubmissionRules.Quote(state, Gl, "quo_2", Now, findings).Facts!.Warnings);

        var refused = SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now, findings).Violation!;
        Assert.Equal((ErrorCodes.BusinessRuleViolation, "producer_authority", "producerId", "prd_1"),
            (refused.Code, refused.Details!["rule"], refused.Details["field"], refused.Details["producerId"]));
        Assert.Equal(string.Join("; ", findings), refused.Details["missing"]);
        Assert.StartsWith("Cannot bind: producer prd_1 may not place GL in TX on 2026-12-01: agent prd_1 holds no TX license", refused.Message);
        Assert.NotNull(SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now, []).Facts);

        state.PendingPolicyId = "pol_reserved";
        Assert.Null(SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now, findings).Violation);
    }

    [Fact]
    public void AProducersAuthority_CannotBeChecked_ForARiskWithoutAState()
    {
        var dinosaur = Accepted(DinosureDraft() with { ProducerId = "prd_1" });
        Assert.Contains("names no state", SubmissionRules.ProducerUncheckable(dinosaur));
        Assert.Null(SubmissionRules.ProducerUncheckable(Accepted(DinosureDraft() with { Fields = new() { ["state"] = "TX" }, ProducerId = "prd_1" })));
        Assert.Null(SubmissionRules.ProducerUncheckable(Accepted(DinosureDraft())));
        Assert.Null(SubmissionRules.ProducerUncheckable(Accepted(GlDraft() with { ProducerId = "prd_1" })));
    }

    [Fact]
    public void Bind_BeforeAQuote_IsAnInvalidTransitionFromSubmitted()
    {
        var violation = SubmissionRules.Bind(Submitted(), InstallmentPlans.PayInFull, Gl, Now).Violation!;
        Assert.Equal(ErrorCodes.InvalidStateTransition, violation.Code);
        Assert.Equal((SubmissionStatuses.Submitted, SubmissionStatuses.Bound), (violation.Details!["from"], violation.Details["to"]));
        Assert.Contains("Quote the submission", violation.Message);

        var bound = Quoted();
        bound.Status = SubmissionStatuses.Bound;
        bound.PolicyId = "pol_1";
        var again = SubmissionRules.Bind(bound, InstallmentPlans.PayInFull, Gl, Now).Violation!;
        Assert.Equal((ErrorCodes.InvalidStateTransition, SubmissionStatuses.Bound), (again.Code, again.Details!["from"]));
        Assert.Contains("pol_1", again.Message);
    }

    [Fact]
    public void Bind_AnExpiredQuote_IsRefused_UnlessTheBindIsAlreadyUnderWay()
    {
        var state = Quoted();
        var expiry = state.Quote!.ExpiresAt;
        Assert.Null(SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, expiry.AddTicks(-1)).Violation);
        var violation = SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, expiry).Violation!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, violation.Code);
        Assert.Equal("quo_test", violation.Details!["quoteId"]);

        state.PendingPolicyId = "pol_reserved";
        Assert.Null(SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, expiry.AddDays(5)).Violation);
    }

    [Fact]
    public void Bind_AReferralOrADecline_IsRefused_UnlessTheBindIsAlreadyUnderWay()
    {
        var referral = Quoted(GlDraft(f => f["requestedLimit"] = "3000000"));
        var violation = SubmissionRules.Bind(referral, InstallmentPlans.PayInFull, Gl, Now).Violation!;
        Assert.Equal((ErrorCodes.BusinessRuleViolation, ReadinessVerdicts.ReferralRequired), (violation.Code, violation.Details!["verdict"]));
        referral.PendingPolicyId = "pol_reserved";
        Assert.Null(SubmissionRules.Bind(referral, InstallmentPlans.PayInFull, Gl, Now).Violation);

        // Declined after the quote (the quote was made when the class was still in appetite).
        var declined = Quoted();
        declined.Application = declined.Application! with { Inputs = new(declined.Application.Inputs) { ["naicsCode"] = "238160" } };
        var refused = SubmissionRules.Bind(declined, InstallmentPlans.PayInFull, Gl, Now).Violation!;
        Assert.Equal(ReadinessVerdicts.Declined, refused.Details!["verdict"]);
    }

    [Fact]
    public void Bind_AReferralWithoutAnApprovedReferral_SaysToCreateOne_OrNamesTheOpenOne()
    {
        var state = Quoted(GlDraft(f => f["requestedLimit"] = "3000000"));
        var none = SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now).Violation!;
        Assert.Equal((ErrorCodes.BusinessRuleViolation, "referral_required"), (none.Code, none.Details!["rule"]));
        Assert.Contains("POST /v1/referrals", none.Message);
        Assert.False(none.Details.ContainsKey("referralId"));

        state.Referrals.Add(new ReferralNotice("ref_first", ReferralStatuses.Open, Now));
        state.Referrals.Add(new ReferralNotice("ref_second", ReferralStatuses.Open, Now));
        var open = SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now).Violation!;
        Assert.Equal(("referral_open", "ref_second", ReadinessVerdicts.ReferralRequired), (open.Details!["rule"], open.Details["referralId"], open.Details["verdict"]));
        Assert.Contains("ref_second", open.Message);

        ReferralStandings.Record(state.Referrals, new ReferralNotice("ref_first", ReferralStatuses.Approved, Now));
        Assert.NotNull(SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now).Facts);
    }

    [Fact]
    public void Bind_ADeclinedRisk_IsRefused_EvenWithAnApprovedReferral()
    {
        var declined = Quoted();
        declined.Application = declined.Application! with { Inputs = new(declined.Application.Inputs) { ["naicsCode"] = "238160" } };
        declined.Referrals.Add(new ReferralNotice("ref_1", ReferralStatuses.Approved, Now));
        Assert.Equal(ReadinessVerdicts.Declined, SubmissionRules.Bind(declined, InstallmentPlans.PayInFull, Gl, Now).Violation!.Details!["verdict"]);
    }

    [Fact]
    public void Referral_IsRecordedOnce_AndARejectionDeclinesOnlyASubmissionNotYetBound()
    {
        var state = Quoted(GlDraft(f => f["requestedLimit"] = "3000000"));
        var opened = new ReferralNotice("ref_1", ReferralStatuses.Open, Now);
        Assert.Equal(SubmissionReferralEffect.Record, SubmissionRules.Referral(state, opened));
        ReferralStandings.Record(state.Referrals, opened);
        Assert.Equal(SubmissionReferralEffect.None, SubmissionRules.Referral(state, opened));
        var rejected = opened with { Status = ReferralStatuses.Rejected };
        Assert.Equal(SubmissionReferralEffect.Decline, SubmissionRules.Referral(state, rejected));
        Assert.Equal(SubmissionReferralEffect.Decline, SubmissionRules.Referral(Submitted(), rejected));
        Assert.Equal(SubmissionReferralEffect.Record, SubmissionRules.Referral(state, opened with { Status = ReferralStatuses.Approved }));

        var bound = Quoted();
        bound.Status = SubmissionStatuses.Bound;
        Assert.Equal(SubmissionReferralEffect.Record, SubmissionRules.Referral(bound, rejected));
    }

    [Fact]
    public void ADeclinedSubmission_CannotBeQuotedOrBound_AndTheRefusalNamesTheRejectedReferral()
    {
        var state = Quoted(GlDraft(f => f["requestedLimit"] = "3000000"));
        ReferralStandings.Record(state.Referrals, new ReferralNotice("ref_no", ReferralStatuses.Rejected, Now));
        SubmissionRules.Move(state, SubmissionAction.Decline, Now);
        Assert.Equal(SubmissionStatuses.Declined, state.Status);
        foreach (var refused in new[] { SubmissionRules.Bind(state, InstallmentPlans.PayInFull, Gl, Now).Violation!, SubmissionRules.Quote(state, Gl, "quo_2", Now).Violation! })
        {
            Assert.Equal((ErrorCodes.InvalidStateTransition, SubmissionStatuses.Declined), (refused.Code, refused.Details!["from"]));
            Assert.Contains("ref_no", refused.Message);
        }
    }

    [Theory]
    [InlineData(InstallmentPlans.PayInFull, true)]
    [InlineData(InstallmentPlans.TwoPay, false)]   // the second falls due on the expiration date
    [InlineData(InstallmentPlans.Quarterly, false)]
    [InlineData(InstallmentPlans.Monthly12, false)]
    public void Bind_InstallmentsDueAfterASixMonthTerm_AreRefused(string installmentPlan, bool fits)
    {
        var state = Quoted(GlDraft() with { ExpirationDate = Effective.AddMonths(6) });
        var violation = SubmissionRules.Bind(state, installmentPlan, Gl, Now).Violation;
        if (fits)
        {
            Assert.Null(violation);
            return;
        }
        Assert.Equal((ErrorCodes.BusinessRuleViolation, "installmentPlan", "fits_term"),
            (violation!.Code, violation.Details!["field"], violation.Details["rule"]));
    }

    [Fact]
    public void Bind_ReturnsTheTermsEnd_AndTheInstallmentsOfTheQuote()
    {
        var state = Quoted();
        var terms = SubmissionRules.Bind(state, InstallmentPlans.Monthly12, Gl, Now).Facts!;
        Assert.Equal(Effective.AddMonths(12), terms.ExpirationDate);
        Assert.Equal(12, terms.Installments.Length);
        Assert.Equal(state.Quote!.Rating.TotalDue, terms.Installments.Sum(i => i.Amount));
        Assert.Equal(Effective, terms.Installments[0].DueDate);

        var shortTerm = Quoted(GlDraft() with { ExpirationDate = Effective.AddMonths(6) });
        Assert.Equal(Effective.AddMonths(6), SubmissionRules.Bind(shortTerm, InstallmentPlans.PayInFull, Gl, Now).Facts!.ExpirationDate);
    }

    // ---- Move ----

    [Fact]
    public void Move_FollowsTheLifecycle_AndThrowsOnAMoveItRefuses()
    {
        var state = Submitted();
        var later = Now.AddHours(1);
        SubmissionRules.Move(state, SubmissionAction.Quote, later);
        Assert.Equal((SubmissionStatuses.Quoted, later), (state.Status, state.UpdatedAt));
        SubmissionRules.Move(state, SubmissionAction.Quote, later);
        SubmissionRules.Move(state, SubmissionAction.Bind, later);
        Assert.Equal(SubmissionStatuses.Bound, state.Status);
        Assert.Throws<InvalidOperationException>(() => SubmissionRules.Move(state, SubmissionAction.Quote, later));
        Assert.Throws<InvalidOperationException>(() => SubmissionRules.Move(Submitted(), SubmissionAction.Bind, later));
    }

    [Theory]
    [InlineData("submitted", "Quote", "quoted")]
    [InlineData("submitted", "Bind", null)]
    [InlineData("quoted", "Quote", "quoted")]
    [InlineData("quoted", "Bind", "bound")]
    [InlineData("bound", "Quote", null)]
    [InlineData("bound", "Bind", null)]
    [InlineData("submitted", "Decline", "declined")]
    [InlineData("quoted", "Decline", "declined")]
    [InlineData("bound", "Decline", null)]
    [InlineData("declined", "Quote", null)]
    [InlineData("declined", "Bind", null)]
    [InlineData("declined", "Decline", null)]
    public void Lifecycle_AllowsExactlyTheseMoves(string from, string action, string? to) =>
        Assert.Equal(to, SubmissionLifecycle.Next(from, Enum.Parse<SubmissionAction>(action)));
}
