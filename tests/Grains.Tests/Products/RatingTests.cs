using System.Text.Json;
using Insure.Grains.Products;

namespace Insure.Grains.Tests.Products;

public sealed class RatingTests
{
    private static readonly ProductCatalog Catalog = ProductCatalog.LoadEmbedded();
    private static RatingPlan Gl => Catalog.Find("GL")!;
    private static RatingPlan Dinosure => Catalog.Find("dinosure")!;

    private static RatingApplication GlApplication(Action<Dictionary<string, string>>? change = null, Loss[]? losses = null, DateOnly? effective = null)
    {
        var inputs = new Dictionary<string, string>
        {
            ["naicsCode"] = "541511",
            ["annualRevenue"] = "2500000",
            ["requestedLimit"] = "1000000",
            ["state"] = "TX",
            ["deductible"] = "1000",
        };
        change?.Invoke(inputs);
        return new RatingApplication(effective ?? new DateOnly(2027, 1, 1), inputs, losses ?? []);
    }

    [Fact]
    public void Gl_RatesStepByStep_ToTheCent()
    {
        var result = RatingEngine.Rate(Gl, GlApplication());

        // 2,500 units x 0.42 = 1,050.00; x1.00 limit; x0.96 deductible = 1,008.00; x1.05 TX = 1,058.40;
        // x0.90 claim-free = 952.56; schedule x1.00; above the 750 minimum.
        Assert.Equal(
            [("base_rate", 1050.00m), ("increased_limit", 1050.00m), ("deductible_credit", 1008.00m), ("state_factor", 1058.40m),
             ("loss_history", 952.56m), ("schedule_modifier", 952.56m), ("minimum_premium", 952.56m)],
            result.Breakdown.Select(s => (s.Step, s.PremiumAfter)));
        Assert.Equal(0.42m, result.Breakdown[0].Factor);
        Assert.Equal(2500m, result.Breakdown[0].Value);
        Assert.Equal(952.56m, result.GrossPremium);
        Assert.Equal(46.20m, result.Taxes); // 952.56 x 4.85% = 46.19916
        // The policy fee everywhere, plus Texas' stamping fee of 0.18% of premium (1.714608).
        Assert.Equal([("policy_fee", 150.00m), ("stamping_fee", 1.71m)], result.FeeLines.Select(f => (f.Code, f.Amount)));
        Assert.Equal(151.71m, result.Fees);
        Assert.Equal(1150.47m, result.TotalDue);
        Assert.Equal("2026.11.1", result.PlanVersion);
        Assert.Equal("USD", result.Currency);
    }

    [Fact]
    public void Gl_TaxesAndFeesFollowTheState()
    {
        var florida = RatingEngine.Rate(Gl, GlApplication(i => i["state"] = "FL"));
        Assert.Equal(0.0494m, florida.TaxRate);
        Assert.Equal(["policy_fee", "guaranty_fund", "inspection_fee"], florida.FeeLines.Select(f => f.Code));
        Assert.Equal(Money.Round(florida.GrossPremium * 0.007m), florida.FeeLines[1].Amount);
        Assert.Equal(florida.GrossPremium + florida.Taxes + florida.Fees, florida.TotalDue);
        var ohio = RatingEngine.Rate(Gl, GlApplication(i => i["state"] = "OH"));
        Assert.Equal(["policy_fee"], ohio.FeeLines.Select(f => f.Code));
        Assert.Equal(Money.Round(ohio.GrossPremium * 0.014m), ohio.Taxes);
    }

    [Fact]
    public void ShortTerm_IsChargedProRataByDays_BeforeTheMinimum()
    {
        // Twice the revenue of the standard example: 1,905.12 for a year, before the minimum.
        var sixMonths = GlApplication(i => i["annualRevenue"] = "5000000", effective: new DateOnly(2027, 1, 1)) with { ExpirationDate = new DateOnly(2027, 7, 1) };
        var result = RatingEngine.Rate(Gl, sixMonths);
        var term = result.Breakdown.Single(s => s.Step == "term");
        Assert.Equal(181m, term.Value);
        Assert.Equal(0.4959m, term.Factor); // 181 / 365
        Assert.Equal(Money.Round(1905.12m * 0.4959m), term.PremiumAfter);
        Assert.Equal("minimum_premium", result.Breakdown[^1].Step);
        Assert.Equal(944.75m, result.GrossPremium);

        // A short term still pays at least the minimum premium.
        var small = GlApplication(effective: new DateOnly(2027, 1, 1)) with { ExpirationDate = new DateOnly(2027, 7, 1) };
        Assert.Equal(750m, RatingEngine.Rate(Gl, small).GrossPremium);

        var fullYear = GlApplication(effective: new DateOnly(2027, 1, 1)) with { ExpirationDate = new DateOnly(2028, 1, 1) };
        Assert.DoesNotContain(RatingEngine.Rate(Gl, fullYear).Breakdown, s => s.Step == "term");
    }

    [Fact]
    public void Rating_IsDeterministic()
    {
        var first = JsonSerializer.Serialize(RatingEngine.Rate(Gl, GlApplication()));
        var second = JsonSerializer.Serialize(RatingEngine.Rate(Gl, GlApplication()));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Gl_AppliesTheMinimumPremium()
    {
        var result = RatingEngine.Rate(Gl, GlApplication(i => i["annualRevenue"] = "100000"));
        Assert.Equal(750m, result.GrossPremium);
        Assert.Equal(750m, result.Breakdown[^1].Value);
        Assert.True(result.Breakdown[^2].PremiumAfter < 750m);
    }

    [Fact]
    public void Gl_ScheduleModifier_AndHigherLimit()
    {
        var result = RatingEngine.Rate(Gl, GlApplication(i =>
        {
            i["scheduleModifier"] = "-0.10";
            i["requestedLimit"] = "2000000";
        }));
        var limit = result.Breakdown.Single(s => s.Step == "increased_limit");
        Assert.Equal(1.28m, limit.Factor);
        Assert.Equal(1344.00m, limit.PremiumAfter);
        var schedule = result.Breakdown.Single(s => s.Step == "schedule_modifier");
        Assert.Equal(0.90m, schedule.Factor);
        Assert.Equal(Money.Round(result.Breakdown.Single(s => s.Step == "loss_history").PremiumAfter * 0.90m), schedule.PremiumAfter);
    }

    [Fact]
    public void LossHistory_CountsOnlyTheLookbackWindow_AcrossLeapDays()
    {
        var effective = new DateOnly(2028, 2, 29);
        Loss[] losses =
        [
            new(new DateOnly(2025, 2, 28), 5_000m, "inside: exactly three years back (no 29 Feb in 2025)"),
            new(new DateOnly(2027, 6, 1), 12_000m, null),
            new(new DateOnly(2025, 2, 27), 9_000m, "outside"),
        ];
        var application = GlApplication(losses: losses, effective: effective);
        Assert.Equal(2, RatingEngine.LossesWithin(application, 3));
        var step = RatingEngine.Rate(Gl, application).Breakdown.Single(s => s.Step == "loss_history");
        Assert.Equal(2m, step.Value);
        Assert.Equal(1.20m, step.Factor);
    }

    [Theory]
    [InlineData("naicsCode", "999999", "not_in_plan")]
    [InlineData("state", "ZZ", "not_in_plan")]
    [InlineData("requestedLimit", "1500000", "not_in_plan")]
    [InlineData("requestedLimit", "1000000.5", "type")]
    [InlineData("annualRevenue", "0", "range")]
    [InlineData("annualRevenue", "lots", "type")]
    [InlineData("deductible", "750", "not_in_plan")]
    [InlineData("scheduleModifier", "0.5", "range")]
    public void Gl_RejectsValuesOutsideThePlan_NamingTheField(string field, string value, string rule)
    {
        var issues = RatingEngine.Validate(Gl, GlApplication(i => i[field] = value));
        var issue = Assert.Single(issues);
        Assert.Equal(field, issue.Field);
        Assert.Equal(rule, issue.Rule);
    }

    [Fact]
    public void Gl_RequiresItsInputs()
    {
        var issues = RatingEngine.Validate(Gl, GlApplication(i => i.Remove("naicsCode")));
        Assert.Equal(("naicsCode", "required"), (issues.Single().Field, issues.Single().Rule));
        Assert.Throws<ArgumentException>(() => RatingEngine.Rate(Gl, GlApplication(i => i.Remove("state"))));
    }

    [Fact]
    public void Dinosure_RatesCoverSpeciesAgeAndHealthChecks()
    {
        var application = new RatingApplication(new DateOnly(2027, 1, 1), new Dictionary<string, string>
        {
            ["coverAmount"] = "50000",
            ["age"] = "60",
            ["species"] = "Velociraptor",
            ["healthChecksUpdated"] = "true",
        }, []);
        var result = RatingEngine.Rate(Dinosure, application);
        // 50 x 4.00 = 200.00; x1.50 = 300.00; age 60 -> x1.15 = 345.00; health checks x0.90 = 310.50.
        Assert.Equal([200.00m, 300.00m, 345.00m, 310.50m, 310.50m], result.Breakdown.Select(s => s.PremiumAfter));
        Assert.Equal(310.50m, result.TotalDue);
        Assert.Equal(0m, result.Taxes);
        Assert.Equal("species", Assert.Single(RatingEngine.Validate(Dinosure, application with
        {
            Inputs = new Dictionary<string, string>(application.Inputs) { ["species"] = "Dodo" },
        })).Field);
    }

    /// <summary>The seed's bash example: a commercial building contractor in Oregon, revenue and limit only.</summary>
    private static Dictionary<string, string> Contractor(string naics) => new()
    {
        ["naicsCode"] = naics,
        ["annualRevenue"] = "8000000",
        ["requestedLimit"] = "1000000",
        ["state"] = "OR",
    };

    [Fact]
    public void Gl_RatesACommercialBuildingContractorInOregon()
    {
        var result = RatingEngine.Rate(Gl, new RatingApplication(new DateOnly(2027, 1, 1), Contractor("236220"), []));

        // 8,000 units x 3.90 = 31,200.00; x1.00 limit; no deductible x1.00; x0.97 OR = 30,264.00; x0.90 claim-free
        // = 27,237.60; schedule x1.00; above the minimum. OR tax 2.3% = 626.4648; the 150.00 policy fee only.
        Assert.Equal(
            [("base_rate", 31200.00m), ("increased_limit", 31200.00m), ("deductible_credit", 31200.00m), ("state_factor", 30264.00m),
             ("loss_history", 27237.60m), ("schedule_modifier", 27237.60m), ("minimum_premium", 27237.60m)],
            result.Breakdown.Select(s => (s.Step, s.PremiumAfter)));
        Assert.Equal(626.46m, result.Taxes);
        Assert.Equal(["policy_fee"], result.FeeLines.Select(f => f.Code));
        Assert.Equal(28014.06m, result.TotalDue);
    }

    [Theory]
    [InlineData("236115")]
    [InlineData("236116")]
    [InlineData("236117")]
    [InlineData("236118")]
    [InlineData("236210")]
    [InlineData("237110")]
    [InlineData("237130")]
    [InlineData("237310")]
    [InlineData("237990")]
    [InlineData("238110")]
    [InlineData("238130")]
    [InlineData("238140")]
    [InlineData("238150")]
    [InlineData("238160")]
    [InlineData("238170")]
    [InlineData("238210")]
    [InlineData("238220")]
    [InlineData("238290")]
    [InlineData("238310")]
    [InlineData("238320")]
    [InlineData("238330")]
    [InlineData("238340")]
    [InlineData("238350")]
    [InlineData("238910")]
    [InlineData("238990")]
    public void Gl_RatesContractorClasses_AboveOfficeWork(string naics)
    {
        var application = new RatingApplication(new DateOnly(2027, 1, 1), Contractor(naics), []);
        Assert.Empty(RatingEngine.Validate(Gl, application));
        var trade = RatingEngine.Rate(Gl, application);
        var office = RatingEngine.Rate(Gl, new RatingApplication(new DateOnly(2027, 1, 1), Contractor("541511"), []));
        Assert.True(trade.GrossPremium > office.GrossPremium, $"{naics}: {trade.GrossPremium} <= office {office.GrossPremium}");
    }

    [Fact]
    public void Gl_ClassRates_PutRoofingAndExcavationAtTheTop_AndEveryContractorAboveEveryProfessionalOffice()
    {
        var classes = Gl.Tables["classRates"];
        var construction = classes.Where(c => c.Key.StartsWith("23", StringComparison.Ordinal)).ToArray();
        var professional = classes.Where(c => c.Key.StartsWith("54", StringComparison.Ordinal)).ToArray();
        Assert.True(construction.Length >= 30, $"only {construction.Length} construction classes");
        Assert.True(construction.Min(c => c.Value) > professional.Max(c => c.Value));
        Assert.Equal(["238160", "238910"], classes.OrderByDescending(c => c.Value).Take(2).Select(c => c.Key));

        decimal Premium(string naics) => RatingEngine.Rate(Gl, new RatingApplication(new DateOnly(2027, 1, 1), Contractor(naics), [])).GrossPremium;
        Assert.True(Premium("238160") > Premium("238130"));
        Assert.True(Premium("238130") > Premium("236220"));
        Assert.True(Premium("236220") > Premium("541110"));
    }

    [Fact]
    public void Triage_LetsTheSeedContractorBind_ButRefersExcavationAndDeclinesRoofing()
    {
        Readiness Assess(string naics) => Insure.Grains.Underwriting.Triage.Assess(Gl,
            new SubmissionApplication("Pacific Coast Builders", "GL", new DateOnly(2027, 1, 1), null, Contractor(naics), null, null, null));

        // Only the recommended items are missing: needs_info, which can be quoted and bound.
        var builder = Assess("236220");
        Assert.Equal(ReadinessVerdicts.NeedsInfo, builder.Verdict);
        Assert.Equal(["lossHistory", "policyholderId"], builder.Missing);
        Assert.Equal(["lossHistory not provided", "policyholderId not provided"], builder.Reasons);

        Assert.Equal(ReadinessVerdicts.ReferralRequired, Assess("238910").Verdict);
        Assert.Equal(ReadinessVerdicts.ReferralRequired, Assess("237310").Verdict);
        Assert.Equal(ReadinessVerdicts.Declined, Assess("238160").Verdict);
    }

    [Fact]
    public void Catalog_RejectsAnUnderwritingClassTheClassTableLacks()
    {
        var broken = new RatingPlan
        {
            Code = "X",
            Name = "Broken",
            Version = "1",
            PolicyNumberPrefix = "X",
            Inputs = { ["naicsCode"] = new InputSpec { Required = true, Table = "classes" } },
            Tables = { ["classes"] = new Dictionary<string, decimal> { ["236220"] = 1m } },
            Underwriting = new UnderwritingSpec { ReferralClasses = ["236220", "238999"] },
        };
        var error = Assert.Throws<InvalidOperationException>(() => new ProductCatalog([broken]));
        Assert.Contains("238999", error.Message);
    }

    [Fact]
    public void Catalog_RejectsAPlanThatNamesAMissingTable()
    {
        var broken = new RatingPlan
        {
            Code = "X",
            Name = "Broken",
            Version = "1",
            PolicyNumberPrefix = "X",
            Steps = [new StepSpec { Name = "s", Kind = "factor_table", Table = "nowhere" }],
        };
        var error = Assert.Throws<InvalidOperationException>(() => new ProductCatalog([broken]));
        Assert.Contains("nowhere", error.Message);
    }
}
