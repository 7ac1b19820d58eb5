namespace Insure.Api.Features.DealRooms;

/// <summary>
/// A room as its live page shows it (the hub's `GetRoom()`): who is in it, which of them this connection is, and until
/// when the connection's link may reconnect.
/// </summary>
public sealed record LiveRoom(string Id, string Name, IReadOnlyList<DealRoomParticipantResource> Participants, string ParticipantId, DateTimeOffset LinkExpiresAt);
