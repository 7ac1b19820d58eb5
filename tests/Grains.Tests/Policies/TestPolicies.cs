using Insure.Grains.Policies;
using Insure.Grains.Products;
using Insure.Grains.Underwriting;

namespace Insure.Grains.Tests.Policies;

/// <summary>Policies on the real GL plan, for the rule tests and the grain walk.</summary>
internal static class TestPolicies
{
    public static readonly ProductCatalog Catalog = ProductCatalog.LoadEmbedded();

    public static RatingPlan Gl => Catalog.Find("GL")!;

    public static readonly Actor By = Actor.ApiKey("key_test", "org_test");

    /// <summary>The standard GL risk of the rating tests: 952.56 premium, 46.20 taxes, 151.71 fees in Texas.</summary>
    public static Dictionary<string, string> GlInputs() => new()
    {
        ["naicsCode"] = "541511",
        ["annualRevenue"] = "2500000",
        ["requestedLimit"] = "1000000",
        ["state"] = "TX",
        ["deductible"] = "1000",
    };

    /// <summary>What binding a quote on the GL plan issues, rated by the real engine.</summary>
    public static NewPolicy NewPolicy(DateOnly effective, DateOnly? expiration = null, string installmentPlan = InstallmentPlans.PayInFull)
    {
        var application = new SubmissionApplication("Acme Software", "GL", effective, expiration, GlInputs(), [], "ph_test", null);
        var rating = RatingEngine.Rate(Gl, application.ToRating());
        return new NewPolicy("GL-2027-000001", "sub_test", "quo_test", application, expiration ?? effective.AddMonths(Gl.TermMonths), rating,
            installmentPlan, InstallmentSchedule.Build(installmentPlan, effective, rating.GrossPremium, rating.Taxes, rating.Fees), By);
    }

    /// <summary>A policy as <see cref="PolicyRules.Issue"/> and <see cref="PolicyRules.Apply"/> leave it: version 1, bound.</summary>
    public static PolicyState Issued(DateOnly effective, DateTimeOffset now, DateOnly? expiration = null)
    {
        var state = new PolicyState();
        PolicyRules.Apply(state, PolicyRules.Issue(NewPolicy(effective, expiration), "pol_1", now));
        return state;
    }

    /// <summary>Nine in the morning (UTC) on <paramref name="day"/>.</summary>
    public static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
}
