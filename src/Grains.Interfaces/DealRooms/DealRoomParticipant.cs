namespace Insure.Grains;

/// <summary>Someone in a deal room: an id of the integrator's own, a display name and a role.</summary>
[GenerateSerializer, Immutable, Alias("insure.deal-room-participant")]
public sealed record DealRoomParticipant(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Role,
    [property: Id(3)] DateTimeOffset? JoinedAt = null);
