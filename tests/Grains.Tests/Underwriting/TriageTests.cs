using Insure.Grains.Products;
using Insure.Grains.Underwriting;

namespace Insure.Grains.Tests.Underwriting;

/// <summary>
/// Triage against the GL plan's underwriting rules: declines NAICS 238160 and revenue above 50M; refers the
/// referral classes, limits above 2M, 4 or more losses in 3 years and any loss above 100,000; recommends a loss
/// history and a policyholder.
/// </summary>
public sealed class TriageTests
{
    private static readonly RatingPlan Gl = ProductCatalog.LoadEmbedded().Find("GL")!;
    private static readonly DateOnly Effective = new(2027, 1, 1);

    /// <summary>A GL application with every recommended item given and nothing to refer.</summary>
    private static SubmissionApplication Application(Action<Dictionary<string, string>>? change = null, Loss[]? losses = null) =>
        new("Acme Software", "GL", Effective, null, Inputs(change), losses ?? [], "ph_test", null);

    private static Dictionary<string, string> Inputs(Action<Dictionary<string, string>>? change)
    {
        var inputs = new Dictionary<string, string>
        {
            ["naicsCode"] = "541511",
            ["annualRevenue"] = "2500000",
            ["requestedLimit"] = "1000000",
            ["state"] = "TX",
        };
        change?.Invoke(inputs);
        return inputs;
    }

    private static Loss[] Losses(int count, DateOnly from, decimal amount = 1_000m) =>
        Enumerable.Range(0, count).Select(i => new Loss(from.AddDays(i), amount, null)).ToArray();

    [Fact]
    public void Ready_WhenNothingIsMissingOrReferred()
    {
        var readiness = Triage.Assess(Gl, Application());
        Assert.Equal((100, ReadinessVerdicts.Ready), (readiness.Score, readiness.Verdict));
        Assert.Empty(readiness.Reasons);
        Assert.Empty(readiness.Missing);
    }

    [Fact]
    public void MissingRecommendedItems_NeedInfo_15PointsEach()
    {
        var noLosses = Triage.Assess(Gl, Application() with { LossHistory = null });
        Assert.Equal((85, ReadinessVerdicts.NeedsInfo), (noLosses.Score, noLosses.Verdict));
        Assert.Equal(["lossHistory"], noLosses.Missing);
        Assert.Equal(["lossHistory not provided"], noLosses.Reasons);

        var neither = Triage.Assess(Gl, Application() with { LossHistory = null, PolicyholderId = null });
        Assert.Equal((70, ReadinessVerdicts.NeedsInfo), (neither.Score, neither.Verdict));
        Assert.Equal(["lossHistory", "policyholderId"], neither.Missing);
        // An empty loss history is a declared clean record, not a missing one.
        Assert.Empty(Triage.Assess(Gl, Application() with { LossHistory = [] }).Missing);
    }

    [Fact]
    public void RecommendedInputs_CountAsGiven_WhenThePlanHasADefault()
    {
        var plan = new RatingPlan
        {
            Code = "T",
            Name = "Test",
            Version = "1",
            PolicyNumberPrefix = "T",
            Inputs =
            {
                ["fleetSize"] = new InputSpec { Type = "integer" },
                ["deductible"] = new InputSpec { Type = "integer", Default = "0" },
            },
            Underwriting = new UnderwritingSpec { Recommended = ["producerId", "fleetSize", "deductible"] },
        };
        var application = new SubmissionApplication("Acme", "T", Effective, null, [], null, null, null);
        var readiness = Triage.Assess(plan, application);
        Assert.Equal(["producerId", "fleetSize"], readiness.Missing);
        Assert.Equal((70, ReadinessVerdicts.NeedsInfo), (readiness.Score, readiness.Verdict));
        Assert.Empty(Triage.Assess(plan, application with { ProducerId = "prd_1", Inputs = new() { ["fleetSize"] = "3" } }).Missing);
    }

    [Fact]
    public void ADeclinedClass_IsDeclined_WithScoreZero_WhateverElseIsTrue()
    {
        var readiness = Triage.Assess(Gl, Application(i => i["naicsCode"] = "238160") with { LossHistory = null });
        Assert.Equal((0, ReadinessVerdicts.Declined), (readiness.Score, readiness.Verdict));
        Assert.Equal("NAICS 238160 is outside the GL appetite", readiness.Reasons[0]);
        Assert.Equal(["lossHistory"], readiness.Missing);
    }

    [Fact]
    public void RevenueAboveThePlanMaximum_IsDeclined()
    {
        var above = Triage.Assess(Gl, Application(i => i["annualRevenue"] = "50000001"));
        Assert.Equal((0, ReadinessVerdicts.Declined), (above.Score, above.Verdict));
        Assert.Contains("50,000,000", above.Reasons[0]);
        Assert.Equal(ReadinessVerdicts.Ready, Triage.Assess(Gl, Application(i => i["annualRevenue"] = "50000000")).Verdict);
    }

    [Fact]
    public void AReferralClass_NeedsReferral_25Points()
    {
        var readiness = Triage.Assess(Gl, Application(i => i["naicsCode"] = "238910"));
        Assert.Equal((75, ReadinessVerdicts.ReferralRequired), (readiness.Score, readiness.Verdict));
        Assert.Equal(["NAICS 238910 needs underwriter review"], readiness.Reasons);
    }

    [Fact]
    public void ALimitAboveTheAuthority_NeedsReferral()
    {
        Assert.Equal(ReadinessVerdicts.Ready, Triage.Assess(Gl, Application(i => i["requestedLimit"] = "2000000")).Verdict);
        var above = Triage.Assess(Gl, Application(i => i["requestedLimit"] = "3000000"));
        Assert.Equal((75, ReadinessVerdicts.ReferralRequired), (above.Score, above.Verdict));
        Assert.Contains("above the 2,000,000 authority", above.Reasons[0]);
    }

    [Fact]
    public void FourLossesWithinTheLookback_NeedReferral()
    {
        var recent = Effective.AddYears(-2);
        Assert.Equal(ReadinessVerdicts.Ready, Triage.Assess(Gl, Application(losses: Losses(3, recent))).Verdict);
        var four = Triage.Assess(Gl, Application(losses: Losses(4, recent)));
        Assert.Equal(ReadinessVerdicts.ReferralRequired, four.Verdict);
        Assert.Equal(["4 losses in the last 3 years"], four.Reasons);
        // A fourth loss older than the plan's three-year lookback does not count.
        Loss[] oneOld = [.. Losses(3, recent), new Loss(Effective.AddYears(-3).AddDays(-1), 1_000m, null)];
        Assert.Equal(ReadinessVerdicts.Ready, Triage.Assess(Gl, Application(losses: oneOld)).Verdict);
    }

    [Fact]
    public void ALossAbove100000_NeedsReferral()
    {
        var on = new DateOnly(2025, 6, 1);
        Assert.Equal(ReadinessVerdicts.Ready, Triage.Assess(Gl, Application(losses: [new Loss(on, 100_000m, null)])).Verdict);
        var large = Triage.Assess(Gl, Application(losses: [new Loss(on, 100_000.01m, null)]));
        Assert.Equal((75, ReadinessVerdicts.ReferralRequired), (large.Score, large.Verdict));
        Assert.Equal(["A loss of 100,000.01 on 2025-06-01 is above 100,000"], large.Reasons);
    }

    [Fact]
    public void Score_Subtracts25PerReferralAnd15PerMissingItem_NeverBelowZero()
    {
        var two = Triage.Assess(Gl, Application(i =>
        {
            i["naicsCode"] = "238910";
            i["requestedLimit"] = "3000000";
        }) with { LossHistory = null, PolicyholderId = null });
        Assert.Equal((20, ReadinessVerdicts.ReferralRequired), (two.Score, two.Verdict)); // 100 - 2 x 25 - 2 x 15
        // Referrals come before missing items in the reasons.
        Assert.Equal(["NAICS 238910 needs underwriter review", "Requested limit 3,000,000 is above the 2,000,000 authority",
            "lossHistory not provided", "policyholderId not provided"], two.Reasons);

        var all = Triage.Assess(Gl, Application(i =>
        {
            i["naicsCode"] = "238910";
            i["requestedLimit"] = "3000000";
        }, [.. Losses(3, Effective.AddYears(-1)), new Loss(Effective.AddDays(-1), 250_000m, null)]) with { PolicyholderId = null });
        Assert.Equal((0, ReadinessVerdicts.ReferralRequired), (all.Score, all.Verdict)); // 100 - 4 x 25 - 15, floored
        Assert.Equal(5, all.Reasons.Length);
    }
}
