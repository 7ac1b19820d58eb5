namespace Insure.Grains.Queries;

/// <summary>One page; <see cref="Total"/> is exact unless <see cref="TotalCapped"/>, when more than that many match.</summary>
public sealed record QueryPage(IReadOnlyList<string> Documents, long Total, bool TotalCapped = false);
