namespace Insure.Grains;

/// <summary>A first notice of loss as reported; the claim grain checks it against the policy in force on the date of loss.</summary>
[GenerateSerializer, Immutable, Alias("insure.new-claim")]
public sealed record NewClaim(
    [property: Id(0)] string PolicyId,
    [property: Id(1)] DateOnly DateOfLoss,
    [property: Id(2)] string Description,
    [property: Id(3)] Claimant Claimant,
    [property: Id(4)] string? LossLocation,
    [property: Id(5)] decimal? EstimatedAmount,
    [property: Id(6)] string? ReportedBy,
    [property: Id(7)] Actor By);
