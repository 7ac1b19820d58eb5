namespace Insure.Grains;

/// <summary>Underwriting's view of a submission: a 0..100 score, a verdict, and why.</summary>
[GenerateSerializer, Immutable, Alias("insure.readiness")]
public sealed record Readiness(
    [property: Id(0)] int Score,
    [property: Id(1)] string Verdict,
    [property: Id(2)] string[] Reasons,
    [property: Id(3)] string[] Missing);
