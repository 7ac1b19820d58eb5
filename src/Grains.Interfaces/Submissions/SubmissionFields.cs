namespace Insure.Grains;

/// <summary>Where a submission's product inputs are sent.</summary>
public static class SubmissionFields
{
    /// <summary>Product inputs that are top-level fields of a submission (as OpenInsure's are); any other input is an `attributes` entry.</summary>
    public static readonly string[] TopLevel = ["naicsCode", "annualRevenue", "requestedLimit", "state", "deductible", "scheduleModifier"];
}
