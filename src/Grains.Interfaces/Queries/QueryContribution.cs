namespace Insure.Grains.Queries;

/// <summary>
/// A record's share of a running total the store keeps: while the record stands, its <see cref="Amounts"/> are part
/// of the totals of (<see cref="Group"/>, <see cref="Key"/>) in its tenant. Replacing the record moves the totals by
/// the difference, in the same write, so a total never needs the records it sums to be read again. The records of a
/// kind either all carry a contribution (zero amounts rather than none) or none do: a store may leave the totals alone
/// for a record written without one.
/// </summary>
public sealed record QueryContribution(string Group, string Key, IReadOnlyDictionary<string, decimal> Amounts);
