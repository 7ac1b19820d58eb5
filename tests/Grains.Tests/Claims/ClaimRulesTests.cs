using Insure.Grains.Claims;
using Insure.Grains.Hosting;
using Insure.Grains.Tests.Policies;

namespace Insure.Grains.Tests.Claims;

public sealed class ClaimRulesTests
{
    private static readonly DateOnly Effective = new(2027, 1, 1);
    private static readonly DateOnly Today = new(2027, 6, 15);
    private static readonly DateTimeOffset Now = TestPolicies.At(Today);
    private static readonly Actor By = TestPolicies.By;

    /// <summary>The standard GL policy: limit 1,000,000 per occurrence and a 1,000 deductible (<see cref="TestPolicies.GlInputs"/>).</summary>
    private static PolicyInfo Policy(CancellationInfo? cancellation = null, Dictionary<string, string>? inputs = null)
    {
        var terms = TestPolicies.NewPolicy(Effective);
        var application = inputs is null ? terms.Application : terms.Application with { Inputs = inputs };
        return new PolicyInfo("pol_1", terms.PolicyNumber, "active", terms.SubmissionId, terms.QuoteId, application, Effective,
            terms.ExpirationDate, terms.Rating, terms.InstallmentPlan, terms.Installments, Now, By, Now, 3, 2, Cancellation: cancellation);
    }

    private static NewClaim Notice(DateOnly dateOfLoss) =>
        new("pol_1", dateOfLoss, "Slip and fall in the lobby", new Claimant("Pat Visitor", null, null), null, 5000m, null, By);

    private static CancellationInfo Cancellation(DateOnly effective, bool completed) =>
        new(effective, "sold", new CancellationQuote("pro_rata", 365, 100, 1m, 0m, 1m, 0m, 1m), completed, Now, By);

    private static ClaimState Filed(DateOnly? dateOfLoss = null)
    {
        var state = new ClaimState();
        ClaimRules.Apply(state, ClaimRules.File(Notice(dateOfLoss ?? Today.AddDays(-10)), Policy(), "CLM-2027-000001", Now));
        return state;
    }

    private static ClaimState Apply(ClaimState state, Decision<ClaimChange> decision)
    {
        Assert.Null(decision.Violation);
        ClaimRules.Apply(state, decision.Facts!);
        return state;
    }

    private static ClaimState Investigating(decimal indemnity = 0m)
    {
        var state = Apply(Filed(), ClaimRules.Investigate(Filed(), "adj_1", null, By, Now));
        return indemnity > 0 ? Apply(state, ClaimRules.SetReserve(state, new ReserveChange("indemnity", indemnity, "initial", By), Now)) : state;
    }

    [Fact]
    public void Filing_RecordsTheVersionLimitAndDeductibleInForce()
    {
        var state = Filed();
        Assert.Equal("open", state.Status);
        Assert.Equal("CLM-2027-000001", state.ClaimNumber);
        Assert.Equal(2, state.PolicyVersion);
        Assert.Equal(1_000_000m, state.PerOccurrenceLimit);
        Assert.Equal(1_000m, state.Deductible);
        Assert.Equal(Now, state.CreatedAt);
    }

    [Fact]
    public void Coverage_AcceptsALossWithinThePeriod_UpToToday()
    {
        Assert.Null(ClaimRules.Coverage(Notice(Effective), Policy(), Today));
        Assert.Null(ClaimRules.Coverage(Notice(Today), Policy(), Today));
    }

    [Fact]
    public void Coverage_RefusesAFutureDateOfLoss_AsInvalidInput()
    {
        var refused = ClaimRules.Coverage(Notice(Today.AddDays(1)), Policy(), Today)!;
        Assert.Equal(ErrorCodes.ValidationFailed, refused.Code);
        Assert.Equal("dateOfLoss", refused.Details!["field"]);
    }

    [Fact]
    public void Coverage_RefusesALossOutsideThePeriod()
    {
        var policy = Policy();
        Assert.Equal("coverage_period", ClaimRules.Coverage(Notice(Effective.AddDays(-1)), policy, Today)!.Details!["rule"]);
        var after = ClaimRules.Coverage(Notice(policy.ExpirationDate), policy, policy.ExpirationDate.AddDays(5))!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, after.Code);
        Assert.Equal("coverage_period", after.Details!["rule"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Coverage_RefusesALossOnOrAfterACancellation_CompletedOrScheduled(bool completed)
    {
        var cancelFrom = Today.AddDays(-20);
        var policy = Policy(Cancellation(cancelFrom, completed));
        Assert.Null(ClaimRules.Coverage(Notice(cancelFrom.AddDays(-1)), policy, Today));
        Assert.Equal("coverage_cancelled", ClaimRules.Coverage(Notice(cancelFrom), policy, Today)!.Details!["rule"]);
        Assert.Equal("coverage_cancelled", ClaimRules.Coverage(Notice(cancelFrom.AddDays(3)), policy, Today)!.Details!["rule"]);
    }

    [Fact]
    public void Coverage_RefusesTermsWithoutAPerOccurrenceLimit()
    {
        var inputs = TestPolicies.GlInputs();
        inputs.Remove("requestedLimit");
        Assert.Equal("no_occurrence_limit", ClaimRules.Coverage(Notice(Today), Policy(inputs: inputs), Today)!.Details!["rule"]);
    }

    [Fact]
    public void AMissingDeductible_IsZero()
    {
        var inputs = TestPolicies.GlInputs();
        inputs.Remove("deductible");
        var state = new ClaimState();
        ClaimRules.Apply(state, ClaimRules.File(Notice(Today), Policy(inputs: inputs), "CLM-2027-000002", Now));
        Assert.Equal(0m, state.Deductible);
    }

    [Fact]
    public void Reserves_AreSet_AndEveryChangeIsAppendedToTheHistory()
    {
        var state = Investigating();
        Apply(state, ClaimRules.SetReserve(state, new ReserveChange("indemnity", 10_000m, "initial estimate", By), Now));
        Apply(state, ClaimRules.SetReserve(state, new ReserveChange("expense", 2_500m, "counsel", By), Now));
        Apply(state, ClaimRules.SetReserve(state, new ReserveChange("indemnity", 7_500m, "revised", By), Now.AddHours(1)));
        Assert.Equal(7_500m, state.IndemnityReserve);
        Assert.Equal(2_500m, state.ExpenseReserve);
        Assert.Equal(
            [("indemnity", 0m, 10_000m), ("expense", 0m, 2_500m), ("indemnity", 10_000m, 7_500m)],
            state.ReserveHistory.Select(e => (e.Category, e.OldAmount, e.NewAmount)).ToArray());
        Assert.Equal("revised", state.ReserveHistory[^1].Reason);
        Assert.Equal("investigating", state.Status);
    }

    [Fact]
    public void Reserves_RefuseNegativeAmountsAndUnknownCategories()
    {
        var state = Investigating();
        Assert.Equal(ErrorCodes.ValidationFailed, ClaimRules.SetReserve(state, new ReserveChange("indemnity", -1m, "x", By), Now).Violation!.Code);
        Assert.Equal("category", ClaimRules.SetReserve(state, new ReserveChange("legal", 1m, "x", By), Now).Violation!.Details!["field"]);
    }

    [Fact]
    public void Reserves_OnADeniedOrClosedClaim_AreInvalidTransitions()
    {
        var state = Apply(Investigating(), ClaimRules.Deny(Investigating(), "not covered", By, Now));
        var denied = ClaimRules.SetReserve(state, new ReserveChange("indemnity", 1m, "x", By), Now).Violation!;
        Assert.Equal(ErrorCodes.InvalidStateTransition, denied.Code);
        Assert.Equal("denied", denied.Details!["from"]);
        Apply(state, ClaimRules.Close(state, "done", By, Now));
        Assert.Equal("closed", ClaimRules.SetReserve(state, new ReserveChange("indemnity", 1m, "x", By), Now).Violation!.Details!["from"]);
    }

    [Fact]
    public void Settling_AppliesTheDeductibleOnce_ReducesTheReserve_AndSettlesWhenItIsPaidOut()
    {
        var state = Investigating(indemnity: 9_000m);
        Apply(state, ClaimRules.Settle(state, new ClaimSettlement(4_000m, "Pat Visitor", null, By), Now));
        Assert.Equal("in_settlement", state.Status);
        Assert.Equal((4_000m, 1_000m, 3_000m), (state.Payments[0].Amount, state.Payments[0].DeductibleApplied, state.Payments[0].NetAmount));
        Assert.Equal(6_000m, state.IndemnityReserve);

        Apply(state, ClaimRules.Settle(state, new ClaimSettlement(6_000m, "Pat Visitor", "final", By), Now));
        Assert.Equal(0m, state.Payments[1].DeductibleApplied);
        Assert.Equal(0m, state.IndemnityReserve);
        Assert.Equal("settled", state.Status);
        Assert.Equal(["investigating", "in_settlement", "settled"], state.Transitions.Select(t => t.To).ToArray());
        Assert.Equal(("indemnity", 6_000m, 0m), (state.ReserveHistory[^1].Category, state.ReserveHistory[^1].OldAmount, state.ReserveHistory[^1].NewAmount));
    }

    [Fact]
    public void Settling_NetOfTheDeductible_MayReachButNeverExceedThePerOccurrenceLimit()
    {
        var state = Investigating(indemnity: 2_000_000m);
        // 1,001,000 settled less the 1,000 deductible is exactly the limit.
        var atLimit = ClaimRules.Settle(state, new ClaimSettlement(1_001_000m, "Pat", null, By), Now);
        Assert.Null(atLimit.Violation);
        Assert.Equal(1_000_000m, atLimit.Facts!.Payment!.NetAmount);

        var beyond = ClaimRules.Settle(state, new ClaimSettlement(1_001_000.01m, "Pat", null, By), Now).Violation!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, beyond.Code);
        Assert.Equal("per_occurrence_limit", beyond.Details!["rule"]);
        Assert.Equal("1000000.00", beyond.Details["limit"]);
    }

    [Fact]
    public void Settling_CountsEarlierPaymentsAgainstTheLimit()
    {
        var state = Investigating(indemnity: 2_000_000m);
        Apply(state, ClaimRules.Settle(state, new ClaimSettlement(600_000m, "Pat", null, By), Now));
        Assert.Null(ClaimRules.Settle(state, new ClaimSettlement(401_000m, "Pat", null, By), Now).Violation);
        Assert.Equal("per_occurrence_limit", ClaimRules.Settle(state, new ClaimSettlement(401_000.01m, "Pat", null, By), Now).Violation!.Details!["rule"]);
    }

    [Fact]
    public void Settling_AnAmountNearDecimalsRange_IsRefusedAtTheLimit_NotAnOverflow()
    {
        var state = Investigating(indemnity: 2_000_000m);
        Apply(state, ClaimRules.Settle(state, new ClaimSettlement(600_000m, "Pat", null, By), Now));
        Assert.Equal("per_occurrence_limit", ClaimRules.Settle(state, new ClaimSettlement(decimal.MaxValue, "Pat", null, By), Now).Violation!.Details!["rule"]);
    }

    [Fact]
    public void Settling_RefusesMoreThanTheReserve_NothingWithinTheDeductible_AndNonPositiveAmounts()
    {
        var state = Investigating(indemnity: 5_000m);
        Assert.Equal("exceeds_reserve", ClaimRules.Settle(state, new ClaimSettlement(6_000.01m, "Pat", null, By), Now).Violation!.Details!["rule"]);
        Assert.Equal("within_deductible", ClaimRules.Settle(state, new ClaimSettlement(1_000m, "Pat", null, By), Now).Violation!.Details!["rule"]);
        Assert.Equal(ErrorCodes.ValidationFailed, ClaimRules.Settle(state, new ClaimSettlement(0m, "Pat", null, By), Now).Violation!.Code);
    }

    [Fact]
    public void Settling_AnOpenClaim_IsAnInvalidTransition()
    {
        var refused = ClaimRules.Settle(Filed(), new ClaimSettlement(5_000m, "Pat", null, By), Now).Violation!;
        Assert.Equal(ErrorCodes.InvalidStateTransition, refused.Code);
        Assert.Equal(("open", "in_settlement"), (refused.Details!["from"], refused.Details["to"]));
    }

    [Fact]
    public void Closing_ZeroesOpenReserves_InTheHistory()
    {
        var state = Investigating(indemnity: 8_000m);
        Apply(state, ClaimRules.SetReserve(state, new ReserveChange("expense", 500m, "adjuster", By), Now));
        Apply(state, ClaimRules.Deny(state, "excluded", By, Now));
        var historyBefore = state.ReserveHistory.Count;
        Apply(state, ClaimRules.Close(state, "denied", By, Now));
        Assert.Equal("closed", state.Status);
        Assert.Equal((0m, 0m), (state.IndemnityReserve, state.ExpenseReserve));
        Assert.Equal([("indemnity", 8_000m, 0m), ("expense", 500m, 0m)],
            state.ReserveHistory.Skip(historyBefore).Select(e => (e.Category, e.OldAmount, e.NewAmount)).ToArray());
        Assert.Equal(Now, state.ClosedAt);
    }

    [Fact]
    public void PolicyTotals_CountTheClaim_OpenUntilClosed_PaidNetOfTheDeductible_AndWhatIsStillReserved()
    {
        static (decimal Count, decimal Open, decimal Paid, decimal Reserved) Totals(ClaimState state)
        {
            var contribution = ClaimRules.PolicyTotals(state);
            Assert.Equal(("policy_claims", "pol_1"), (contribution.Group, contribution.Key));
            var a = contribution.Amounts;
            return (a["count"], a["open"], a["paid"], a["reserved"]);
        }

        Assert.Equal((1m, 1m, 0m, 0m), Totals(Filed()));
        var state = Investigating(indemnity: 9_000m);
        Apply(state, ClaimRules.SetReserve(state, new ReserveChange("expense", 750m, "adjuster", By), Now));
        Assert.Equal((1m, 1m, 0m, 9_750m), Totals(state));
        Apply(state, ClaimRules.Settle(state, new ClaimSettlement(4_000m, "Pat", null, By), Now));
        Apply(state, ClaimRules.Settle(state, new ClaimSettlement(6_000m, "Pat", null, By), Now));
        // 10,000 settled, of which the 1,000 deductible stays with the insured; the expense reserve is still open.
        Assert.Equal(("settled", (1m, 1m, 9_000m, 750m)), (state.Status, Totals(state)));
        Apply(state, ClaimRules.Close(state, "paid", By, Now));
        Assert.Equal((1m, 0m, 9_000m, 0m), Totals(state));
    }

    [Fact]
    public void Closing_AnInvestigatingClaim_IsAnInvalidTransition()
    {
        var refused = ClaimRules.Close(Investigating(), "x", By, Now).Violation!;
        Assert.Equal(("investigating", "closed"), (refused.Details!["from"], refused.Details["to"]));
    }

    [Fact]
    public void Reopening_IsAllowedThroughTheLastDayOfTheWindow_AndNotAfter()
    {
        var settings = new ClaimSettings { ReopenWindowDays = 365 };
        var state = Apply(Filed(), ClaimRules.Deny(Filed(), "late notice", By, Now));
        Apply(state, ClaimRules.Close(state, "denied", By, Now));
        var lastDay = Today.AddDays(365);
        var reopened = ClaimRules.Reopen(state, "new evidence", By, settings, lastDay, TestPolicies.At(lastDay));
        Assert.Null(reopened.Violation);
        var late = ClaimRules.Reopen(state, "new evidence", By, settings, lastDay.AddDays(1), TestPolicies.At(lastDay.AddDays(1))).Violation!;
        Assert.Equal("reopen_window", late.Details!["rule"]);

        Apply(state, reopened);
        Assert.Equal("reopened", state.Status);
        Apply(state, ClaimRules.Investigate(state, "adj_2", "second look", By, Now));
        Assert.Equal(("investigating", "adj_2"), (state.Status, state.AdjusterId));
    }

    [Fact]
    public void Reopening_AClaimThatIsNotClosed_IsAnInvalidTransition() =>
        Assert.Equal(ErrorCodes.InvalidStateTransition,
            ClaimRules.Reopen(Investigating(), "x", By, new ClaimSettings(), Today, Now).Violation!.Code);

    [Fact]
    public void Litigation_CanBeFlaggedWhileOpen_ButNotOnceDenied()
    {
        var state = Investigating();
        Apply(state, ClaimRules.SetLitigation(state, true, By, Now));
        Assert.True(state.Litigation);
        Assert.Equal("investigating", state.Status);
        Apply(state, ClaimRules.Deny(state, "x", By, Now));
        Assert.Equal(ErrorCodes.InvalidStateTransition, ClaimRules.SetLitigation(state, false, By, Now).Violation!.Code);
    }

    private static ClaimAttachment Attachment(int n) => new($"att_{n}", $"photo{n}.png", "image/png", 10, new string('0', 64), Now, By);

    [Fact]
    public void Attachments_AreRecordedInAnyStatus_UpToTheLimit()
    {
        var state = Filed();
        Apply(state, ClaimRules.Deny(state, "not covered", By, Now));
        Apply(state, ClaimRules.Close(state, "denied", By, Now));
        Assert.Equal("closed", state.Status);
        for (var n = 0; n < ClaimRules.MaxAttachmentsPerClaim; n++)
        {
            Apply(state, ClaimRules.AddAttachment(state, Attachment(n)));
        }
        Assert.Equal("closed", state.Status);
        Assert.Equal(ClaimRules.MaxAttachmentsPerClaim, state.Attachments.Count);
        var refused = ClaimRules.AddAttachment(state, Attachment(ClaimRules.MaxAttachmentsPerClaim)).Violation!;
        Assert.Equal(ErrorCodes.BusinessRuleViolation, refused.Code);
        Assert.Equal("max_attachments", refused.Details!["rule"]);
    }

    [Fact]
    public void TheSameAttachmentId_IsNotRecordedTwice()
    {
        var state = Apply(Filed(), ClaimRules.AddAttachment(Filed(), Attachment(1)));
        Assert.Equal(ErrorCodes.Conflict, ClaimRules.AddAttachment(state, Attachment(1)).Violation!.Code);
    }
}
