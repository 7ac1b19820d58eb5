namespace Insure.Grains;

/// <summary>
/// A deal room: a submission's negotiation between brokers, underwriters and the insured. Keyed
/// `{orgId}/{environment}/{dealRoomId}`. Its history is kept in segments: a message writes only the open segment,
/// never the whole history, and full segments move to segment grains of their own.
/// </summary>
[Alias("insure.IDealRoomGrain")]
public interface IDealRoomGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<Outcome<DealRoomInfo>> Create(NewDealRoom request);

    [ReadOnly, Alias("Get")]
    Task<DealRoomInfo?> Get();

    [Alias("AddParticipant")]
    Task<Outcome<DealRoomInfo>> AddParticipant(DealRoomParticipant participant, Actor by);

    [Alias("RemoveParticipant")]
    Task<Outcome<DealRoomInfo>> RemoveParticipant(string participantId, Actor by);

    /// <summary>Posts a message by a participant (403 `forbidden` for anyone else).</summary>
    [Alias("Post")]
    Task<Outcome<DealRoomMessage>> Post(NewDealRoomMessage message);

    /// <summary>
    /// Posts a system message (kind <c>system</c>, author <c>system</c>) unless one with its key was posted already; a
    /// room that does not exist ignores it. Live clients get it like any message.
    /// </summary>
    [Alias("PostSystem")]
    Task PostSystem(DealRoomSystemMessage message);

    /// <summary>
    /// Tells the room's live clients, on every node, that a participant is typing, or connected (<c>true</c>) or went
    /// (<c>false</c>). Nothing is stored; an unknown participant is ignored.
    /// </summary>
    [OneWay, Alias("Signal")]
    Task Signal(string participantId, string kind);

    /// <summary>A page of the history, newest first, before or after a message (see <see cref="DealRoomHistoryQuery"/>).</summary>
    [ReadOnly, Alias("History")]
    Task<Outcome<DealRoomHistoryPage>> History(DealRoomHistoryQuery query);
}
