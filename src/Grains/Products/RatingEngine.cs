using System.Globalization;

namespace Insure.Grains.Products;

/// <summary>
/// Rating as a pure function: the same application and plan version give the same premium, to the cent.
/// Each step's premium is rounded to the currency's minor unit (cents) as it is computed, so the breakdown
/// adds up exactly to the premium it explains.
/// </summary>
public static class RatingEngine
{
    /// <summary>Checks an application against the plan's inputs; empty when it can be rated.</summary>
    public static IReadOnlyList<ApplicationIssue> Validate(RatingPlan plan, RatingApplication application)
    {
        var issues = new List<ApplicationIssue>();
        foreach (var (name, spec) in plan.Inputs)
        {
            if (!application.Inputs.TryGetValue(name, out var raw) || raw.Length == 0)
            {
                if (spec.Required)
                {
                    issues.Add(new ApplicationIssue(name, "required", $"Missing required field: {name}"));
                }
                continue;
            }
            var issue = CheckValue(plan, name, spec, raw);
            if (issue is not null)
            {
                issues.Add(issue);
            }
        }
        foreach (var loss in application.Losses.Select((loss, index) => (loss, index)))
        {
            if (loss.loss.Amount < 0)
            {
                issues.Add(new ApplicationIssue($"lossHistory[{loss.index}].amount", "min", "A loss amount cannot be negative"));
            }
            if (loss.loss.Date > application.EffectiveDate)
            {
                issues.Add(new ApplicationIssue($"lossHistory[{loss.index}].date", "range", "A loss cannot be dated after the effective date"));
            }
        }
        return issues;
    }

    public static RatingResult Rate(RatingPlan plan, RatingApplication application)
    {
        var issues = Validate(plan, application);
        if (issues.Count > 0)
        {
            throw new ArgumentException($"Application cannot be rated: {issues[0].Message}", nameof(application));
        }
        var steps = new List<RatingStepResult>();
        var premium = 0m;
        var termFactor = TermFactor(plan, application);
        foreach (var step in plan.Steps)
        {
            if (step.Kind == "minimum" && termFactor is { } shortOrLong)
            {
                premium = Money.Round(premium * shortOrLong.Factor);
                steps.Add(new RatingStepResult("term", shortOrLong.Description, shortOrLong.Factor, shortOrLong.Days, premium));
                termFactor = null;
            }
            decimal? factor = null;
            decimal? value = null;
            switch (step.Kind)
            {
                case "rate_per_unit":
                    var units = Number(plan, application, step.Input!) / (step.Unit ?? 1m);
                    var rate = step.Rate ?? plan.Tables[step.RateTable!][Text(plan, application, step.RateKey!)];
                    value = Math.Round(units, 4, MidpointRounding.AwayFromZero);
                    factor = rate;
                    premium = units * rate;
                    break;
                case "factor_table":
                    factor = plan.Tables[step.Table!][Text(plan, application, step.Input!)];
                    premium *= factor.Value;
                    break;
                case "factor_band":
                    value = Number(plan, application, step.Input!);
                    factor = BandFactor(step.Bands, value.Value);
                    premium *= factor.Value;
                    break;
                case "modifier":
                    value = Number(plan, application, step.Input!);
                    factor = 1m + value.Value;
                    premium *= factor.Value;
                    break;
                case "loss_history":
                    value = LossesWithin(application, step.LookbackYears);
                    factor = BandFactor(step.Bands, value.Value);
                    premium *= factor.Value;
                    break;
                case "minimum":
                    value = step.Amount ?? 0m;
                    premium = Math.Max(premium, value.Value);
                    break;
                default:
                    throw new InvalidOperationException($"Plan {plan.Code} {plan.Version}: unknown step kind '{step.Kind}'.");
            }
            premium = Money.Round(premium);
            steps.Add(new RatingStepResult(step.Name, step.Description, factor, value, premium));
        }

        if (termFactor is { } unapplied)
        {
            premium = Money.Round(premium * unapplied.Factor);
            steps.Add(new RatingStepResult("term", unapplied.Description, unapplied.Factor, unapplied.Days, premium));
        }

        var state = application.Inputs.GetValueOrDefault("state");
        var taxRate = state is not null && plan.TaxRates.TryGetValue(state, out var stateRate) ? stateRate : 0m;
        var taxes = Money.Round(premium * taxRate);
        var stateFees = state is not null && plan.StateFees.TryGetValue(state, out var extra) ? extra : [];
        var fees = plan.Fees.Concat(stateFees)
            .Select(f => new FeeLine(f.Code, f.Name, Money.Round(f.Amount ?? premium * f.Rate!.Value)))
            .ToArray();
        var feeTotal = fees.Sum(f => f.Amount);
        return new RatingResult(plan.Code, plan.Version, plan.Currency, premium, taxRate, taxes, fees, feeTotal,
            premium + taxes + feeTotal, [.. steps]);
    }

    /// <summary>
    /// A term other than the plan's is charged pro rata by days (applied before the minimum premium); null for the
    /// plan's own term.
    /// </summary>
    private static (decimal Factor, int Days, string Description)? TermFactor(RatingPlan plan, RatingApplication application)
    {
        if (application.ExpirationDate is not { } expiration)
        {
            return null;
        }
        var standard = application.EffectiveDate.AddMonths(plan.TermMonths).DayNumber - application.EffectiveDate.DayNumber;
        var days = expiration.DayNumber - application.EffectiveDate.DayNumber;
        return days == standard
            ? null
            : (Math.Round((decimal)days / standard, 4, MidpointRounding.AwayFromZero), days, $"Term of {days} days / {standard}-day plan term");
    }

    /// <summary>Losses dated within <paramref name="years"/> years before the effective date.</summary>
    public static int LossesWithin(RatingApplication application, int years)
    {
        var from = application.EffectiveDate.AddYears(-years);
        return application.Losses.Count(l => l.Date >= from && l.Date <= application.EffectiveDate);
    }

    /// <summary>The value of an input, or its default.</summary>
    public static string? Value(RatingPlan plan, RatingApplication application, string name) =>
        application.Inputs.TryGetValue(name, out var raw) && raw.Length > 0 ? raw : plan.Inputs.GetValueOrDefault(name)?.Default;

    private static string Text(RatingPlan plan, RatingApplication application, string name) =>
        Value(plan, application, name) ?? throw new InvalidOperationException($"Plan {plan.Code}: input '{name}' has no value and no default.");

    private static decimal Number(RatingPlan plan, RatingApplication application, string name) =>
        decimal.Parse(Text(plan, application, name), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static decimal BandFactor(List<Band> bands, decimal value) =>
        bands.First(b => b.UpTo is null || value <= b.UpTo.Value).Factor;

    private static ApplicationIssue? CheckValue(RatingPlan plan, string name, InputSpec spec, string raw)
    {
        switch (spec.Type)
        {
            case "number" or "integer":
                if (!decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    || (spec.Type == "integer" && decimal.Truncate(number) != number))
                {
                    return new ApplicationIssue(name, "type", $"{name} must be {(spec.Type == "integer" ? "a whole number" : "a number")}");
                }
                if (spec.Min is { } min && number < min || spec.Max is { } max && number > max)
                {
                    return new ApplicationIssue(name, "range", $"{name} must be between {spec.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"} and {spec.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}");
                }
                break;
            case "boolean" when raw is not ("true" or "false"):
                return new ApplicationIssue(name, "type", $"{name} must be true or false");
        }
        if (spec.Table is { } table && !plan.Tables[table].ContainsKey(raw))
        {
            var allowed = plan.Tables[table].Keys;
            return new ApplicationIssue(name, "not_in_plan",
                $"{name} {raw} is not covered by {plan.Code} plan {plan.Version}; allowed: {string.Join(", ", allowed)}");
        }
        return null;
    }
}
