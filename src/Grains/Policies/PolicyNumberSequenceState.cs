namespace Insure.Grains.Policies;

/// <summary>The highest number of one sequence reserved for handing out (all of them handed out once its grain has deactivated gracefully).</summary>
[GenerateSerializer, Alias("insure.PolicyNumberSequenceState")]
public sealed class PolicyNumberSequenceState
{
    [Id(0)] public long Last { get; set; }
}
