using Insure.Grains;

namespace Insure.Api.Features.DealRooms;

public sealed record DealRoomResource(
    string Id,
    string Object,
    string SubmissionId,
    string Name,
    IReadOnlyList<DealRoomParticipantResource> Participants,
    long MessageCount,
    DateTimeOffset? LastMessageAt,
    string Environment,
    DateTimeOffset CreatedAt,
    Actor CreatedBy);

public sealed record DealRoomParticipantResource(string Id, string Name, string Role, DateTimeOffset? JoinedAt);

/// <summary>
/// A message as the API, the `deal_room.message_posted` event and live clients show it. `kind` is `participant`, or
/// `system` for what the platform posts (a referral's decision), whose `authorId` is `system`. `sequence` numbers the room's
/// messages 1, 2, 3, ... in the order they were stored: a live client that sees a number skipped (a signal lost in a fault)
/// fills the gap with `after` the last message it holds without one.
/// </summary>
public sealed record DealRoomMessageResource(
    string Id, string Object, string DealRoomId, string AuthorId, string Body, DateTimeOffset SentAt, string Kind, long Sequence);

/// <summary>A page of history, newest first; `hasMore` says whether more lie beyond it in the direction asked.</summary>
public sealed record DealRoomMessagePage(string Object, IReadOnlyList<DealRoomMessageResource> Data, bool HasMore, int PageSize, long Total);

/// <summary>A signed link into a room's live connection, for one participant, until <see cref="ExpiresAt"/>.</summary>
public sealed record DealRoomLinkResource(string WsUrl, DateTimeOffset ExpiresAt, string ParticipantId);

public sealed record CreateDealRoomRequest(string? SubmissionId, string? Name, IReadOnlyList<ParticipantRequest>? Participants);

public sealed record ParticipantRequest(string? Id, string? Name, string? Role);

public sealed record PostMessageRequest(string? AuthorId, string? Body);

public static class DealRoomResources
{
    public static DealRoomResource ToResource(this DealRoomInfo room) => new(
        room.Id, "deal_room", room.SubmissionId, room.Name,
        room.Participants.Select(p => new DealRoomParticipantResource(p.Id!, p.Name!, p.Role!, p.JoinedAt)).ToList(),
        room.MessageCount, room.LastMessageAt, room.Environment, room.CreatedAt, room.CreatedBy);

    public static DealRoomMessageResource ToResource(this DealRoomMessage message) =>
        new(message.Id, "deal_room_message", message.DealRoomId, message.AuthorId, message.Body, message.SentAt, message.Kind ?? DealRoomMessageKinds.Participant,
            Ids.SequenceOf(message.Id));

    public static DealRoomParticipant ToParticipant(this ParticipantRequest? participant) =>
        new(participant?.Id, participant?.Name, participant?.Role);
}
