namespace Insure.Grains;

/// <summary>
/// A producer's status as of its state's <see cref="Version"/>: what its agency's token grain is told when the status
/// changes (a later version replaces an earlier one, whichever arrives first).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.producer-standing")]
public sealed record ProducerStanding(
    [property: Id(0)] string ProducerId,
    [property: Id(1)] string Status,
    [property: Id(2)] long Version)
{
    public bool IsActive => Status == ProducerStatuses.Active;
}
