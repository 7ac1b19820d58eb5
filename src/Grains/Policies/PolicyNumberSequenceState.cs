namespace Insure.Grains.Policies;

/// <summary>The last policy number handed out in one sequence.</summary>
[GenerateSerializer, Alias("insure.PolicyNumberSequenceState")]
public sealed class PolicyNumberSequenceState
{
    [Id(0)] public long Last { get; set; }
}
