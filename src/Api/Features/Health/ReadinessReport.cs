namespace Insure.Api.Features.Health;

/// <summary>One readiness probe's findings: the checks that passed, and the first that failed (null when ready).</summary>
public sealed record ReadinessReport(string? Failed, IReadOnlyDictionary<string, string> Checks)
{
    public static ReadinessReport Failing(Dictionary<string, string> passed, string failed) => new(failed, passed);
}
