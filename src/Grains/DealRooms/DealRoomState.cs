using Insure.Grains.Events;

namespace Insure.Grains.DealRooms;

/// <summary>A room: who is in it, and only the open segment of its history (sealed ones live in segment grains).</summary>
[GenerateSerializer, Alias("insure.DealRoomState")]
public sealed class DealRoomState : IOutboxState
{
    [Id(0)] public string SubmissionId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public List<DealRoomParticipant> Participants { get; set; } = [];
    /// <summary>Messages posted so far; the next one gets this plus one as its sequence.</summary>
    [Id(3)] public long MessageCount { get; set; }
    /// <summary>Full segments handed to segment grains; the open segment holds the messages after them.</summary>
    [Id(4)] public long SealedSegments { get; set; }
    [Id(5)] public List<DealRoomMessage> Open { get; set; } = [];
    [Id(6)] public DateTimeOffset? LastMessageAt { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public Actor? CreatedBy { get; set; }
    [Id(9)] public long Version { get; set; }
    [Id(10)] public List<DomainEvent> Outbox { get; set; } = [];
    /// <summary>Keys of the system messages posted, so a sender's retry posts nothing twice.</summary>
    [Id(11)] public List<string> SystemMessageKeys { get; set; } = [];
    /// <summary>The latest posts made under a request key, oldest first, at most <see cref="DealRoomRules.RecentRequests"/>.</summary>
    [Id(12)] public List<PostedRequest> RecentRequests { get; set; } = [];
}
