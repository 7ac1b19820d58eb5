using System.Globalization;
using Insure.Grains.Products;

namespace Insure.Grains.Underwriting;

/// <summary>Triage of a submission against its plan's underwriting rules: a pure function.</summary>
internal static class Triage
{
    private const int MissingPenalty = 15;
    private const int ReferralPenalty = 25;

    public static Readiness Assess(RatingPlan plan, SubmissionApplication application)
    {
        var rules = plan.Underwriting;
        var rating = application.ToRating();
        var declined = new List<string>();
        var referrals = new List<string>();
        var naics = application.Inputs.GetValueOrDefault("naicsCode");
        if (naics is not null && rules.DeclinedClasses.Contains(naics))
        {
            declined.Add($"NAICS {naics} is outside the {plan.Code} appetite");
        }
        if (rules.MaxAnnualRevenue is { } maxRevenue && application.Number("annualRevenue") is { } revenue && revenue > maxRevenue)
        {
            declined.Add($"Annual revenue {revenue.ToString("N0", CultureInfo.InvariantCulture)} exceeds the plan maximum of {maxRevenue.ToString("N0", CultureInfo.InvariantCulture)}");
        }
        if (naics is not null && rules.ReferralClasses.Contains(naics))
        {
            referrals.Add($"NAICS {naics} needs underwriter review");
        }
        if (rules.ReferLimitAbove is { } limitAbove && application.Number("requestedLimit") is { } limit && limit > limitAbove)
        {
            referrals.Add($"Requested limit {limit.ToString("N0", CultureInfo.InvariantCulture)} is above the {limitAbove.ToString("N0", CultureInfo.InvariantCulture)} authority");
        }
        var lookback = plan.Steps.FirstOrDefault(s => s.Kind == "loss_history")?.LookbackYears ?? 3;
        var losses = RatingEngine.LossesWithin(rating, lookback);
        if (rules.ReferLossCountAtLeast is { } maxLosses && losses >= maxLosses)
        {
            referrals.Add($"{losses} losses in the last {lookback} years");
        }
        if (rules.ReferLargeLossOver is { } large && rating.Losses.FirstOrDefault(l => l.Amount > large) is { } largeLoss)
        {
            referrals.Add($"A loss of {largeLoss.Amount.ToString("N2", CultureInfo.InvariantCulture)} on {largeLoss.Date:yyyy-MM-dd} is above {large.ToString("N0", CultureInfo.InvariantCulture)}");
        }
        var missing = rules.Recommended.Where(item => item switch
        {
            "lossHistory" => application.LossHistory is null,
            "policyholderId" => application.PolicyholderId is null,
            "producerId" => application.ProducerId is null,
            _ => RatingEngine.Value(plan, rating, item) is null,
        }).ToArray();

        var reasons = declined.Concat(referrals).Concat(missing.Select(m => $"{m} not provided")).ToArray();
        if (declined.Count > 0)
        {
            return new Readiness(0, ReadinessVerdicts.Declined, reasons, missing);
        }
        var score = Math.Max(0, 100 - MissingPenalty * missing.Length - ReferralPenalty * referrals.Count);
        var verdict = referrals.Count > 0 ? ReadinessVerdicts.ReferralRequired
            : missing.Length > 0 ? ReadinessVerdicts.NeedsInfo
            : ReadinessVerdicts.Ready;
        return new Readiness(score, verdict, reasons, missing);
    }

    public static RatingApplication ToRating(this SubmissionApplication application) =>
        new(application.EffectiveDate, application.Inputs, application.LossHistory ?? [], application.ExpirationDate);

}
