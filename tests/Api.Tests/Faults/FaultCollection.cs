namespace Insure.Api.Tests.Faults;

/// <summary>
/// The fault tests each run a cluster of processes and measure how long it takes to recover: one at a time, so on a
/// small machine they do not slow each other past what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "faults";
}
