namespace Insure.Grains;

/// <summary>One change of a reserve, kept forever: the history is append-only.</summary>
[GenerateSerializer, Immutable, Alias("insure.reserve-entry")]
public sealed record ReserveEntry(
    [property: Id(0)] string Category,
    [property: Id(1)] decimal OldAmount,
    [property: Id(2)] decimal NewAmount,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] Actor By);
