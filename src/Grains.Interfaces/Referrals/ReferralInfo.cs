namespace Insure.Grains;

/// <summary>
/// A referral: its entity, reason, status and every decision so far, oldest first. <see cref="InfoRequested"/> is true
/// while the referral is open and its latest decision asked for more information.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.referral-info")]
public sealed record ReferralInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrgId,
    [property: Id(2)] string Environment,
    [property: Id(3)] string EntityType,
    [property: Id(4)] string EntityId,
    [property: Id(5)] string Reason,
    [property: Id(6)] string Status,
    [property: Id(7)] bool InfoRequested,
    [property: Id(8)] string? DealRoomId,
    [property: Id(9)] string? AssignedTo,
    [property: Id(10)] IReadOnlyList<ReferralDecision> Decisions,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset UpdatedAt,
    [property: Id(13)] Actor CreatedBy);
