using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.DealRooms;

/// <summary>
/// A deal room: participants, and a history in segments. A post writes the room with only its open segment (at most
/// <see cref="DealRoomRules.SegmentSize"/> messages); a full segment is then sealed into its own grain, so a room with
/// a long history posts as fast as a new one. A message's id carries its sequence, which says which segment holds it.
/// </summary>
internal sealed class DealRoomGrain(
    [PersistentState("dealRoom", Names.Storage)] IPersistentState<DealRoomState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<DealRoomGrain> logger)
    : TenantGrain<DealRoomState>(state, queries, clocks, logger), IDealRoomGrain
{
    public async Task<Outcome<DealRoomInfo>> Create(NewDealRoom request)
    {
        if (Persisted.RecordExists)
        {
            return RuleViolation.Conflict($"Deal room {EntityId} already exists");
        }
        if (DealRoomRules.CheckNew(request) is { } refused)
        {
            return refused;
        }
        var submission = Grains.Get<ISubmissionGrain>(request.SubmissionId!);
        if (!Ids.IsValid(IdPrefixes.Submission, request.SubmissionId) || await submission.Get() is null)
        {
            return RuleViolation.Invalid("submissionId", "not_found", $"Submission {request.SubmissionId} was not found");
        }
        var now = Time.GetUtcNow();
        State.SubmissionId = request.SubmissionId!;
        State.Name = request.Name!;
        State.Participants = request.Participants!.Select(p => p with { JoinedAt = now }).ToList();
        State.CreatedAt = now;
        State.CreatedBy = request.By;
        await Commit(() => [NewEvent("deal_room.created", ToInfo())]);
        return ToInfo();
    }

    public Task<DealRoomInfo?> Get() => Task.FromResult(Exists() ? ToInfo() : null);

    public async Task<Outcome<DealRoomInfo>> AddParticipant(DealRoomParticipant participant, Actor by)
    {
        if (!Exists())
        {
            return Outcome<DealRoomInfo>.NotFound;
        }
        if (DealRoomRules.CheckParticipant(participant) is { } refused)
        {
            return refused;
        }
        if (State.Participants.Any(p => p.Id == participant.Id))
        {
            return RuleViolation.Conflict($"{participant.Id} is already a participant of this deal room");
        }
        if (State.Participants.Count >= DealRoomRules.MaxParticipants)
        {
            return RuleViolation.Business($"A deal room holds at most {DealRoomRules.MaxParticipants} participants", "participants", "max_items");
        }
        var joined = participant with { JoinedAt = Time.GetUtcNow() };
        State.Participants.Add(joined);
        await Commit(() => [NewEvent("deal_room.participant_joined", ToInfo())]);
        return ToInfo();
    }

    public async Task<Outcome<DealRoomInfo>> RemoveParticipant(string participantId, Actor by)
    {
        if (!Exists() || State.Participants.FindIndex(p => p.Id == participantId) is var index && index < 0)
        {
            return Outcome<DealRoomInfo>.NotFound;
        }
        var removed = State.Participants[index];
        State.Participants.RemoveAt(index);
        await Commit(() => [NewEvent("deal_room.participant_left", ToInfo())]);
        // Live connections of the removed participant end on every node that holds one (DealRoomFanout).
        await Publish(new DealRoomSignal(DealRoomSignals.Removed, EntityId, removed.Id, removed.Name, null));
        return ToInfo();
    }

    public async Task<Outcome<DealRoomMessage>> Post(NewDealRoomMessage message)
    {
        if (!Exists())
        {
            return Outcome<DealRoomMessage>.NotFound;
        }
        if ((DealRoomRules.PostedUnder(State.RecentRequests, message.RequestKey)
                ?? (message.RetriesUncertain ? await SealedUnder(message.RequestKey) : null)) is { } earlier)
        {
            // A retry of a post that was made: the same request (its fingerprint matched), so the same author and body.
            return new DealRoomMessage(earlier.MessageId, EntityId, message.AuthorId!, message.Body!, earlier.SentAt, DealRoomMessageKinds.Participant);
        }
        if (DealRoomRules.CheckMessage(State, message) is { } refused)
        {
            return refused;
        }
        return await Append(message.AuthorId!, message.Body!, DealRoomMessageKinds.Participant, requestKey: message.RequestKey);
    }

    /// <summary>
    /// A post under <paramref name="requestKey"/> sealed into a segment after the room stopped remembering its key: the
    /// retry of an attempt that was stored but never answered (its silo was killed) after more posts than the room
    /// remembers. Segments are read newest first, down to the first that began before the key's time.
    /// </summary>
    private async Task<PostedRequest?> SealedUnder(string? requestKey)
    {
        if (requestKey is null || !DealRoomRules.IsTimed(requestKey))
        {
            return null;
        }
        for (var number = State.SealedSegments - 1; number >= 0; number--)
        {
            var segment = Segment(number);
            if ((await segment.Requests()).FirstOrDefault(r => r.RequestKey == requestKey) is { } found)
            {
                return found;
            }
            if (await segment.Messages() is not [var first, ..] || !DealRoomRules.MayHold(first.Id, requestKey))
            {
                return null;
            }
        }
        return null;
    }

    public async Task PostSystem(DealRoomSystemMessage message)
    {
        if (!Exists() || State.SystemMessageKeys.Contains(message.Key))
        {
            return;
        }
        await Append(DealRoomMessageKinds.SystemAuthor, DealRoomRules.SystemBody(message.Body), DealRoomMessageKinds.System, message.Key);
    }

    /// <summary>
    /// Adds a message to the open segment, commits it with its event (and the system message's key, in the same write, so
    /// the key is never stored without the message), tells live clients, and seals a full segment.
    /// </summary>
    private async Task<DealRoomMessage> Append(string authorId, string body, string kind, string? systemKey = null, string? requestKey = null)
    {
        // A segment left full by an earlier post whose seal did not finish is sealed first.
        await SealIfFull();
        if (systemKey is not null)
        {
            State.SystemMessageKeys.Add(systemKey);
        }
        var now = Time.GetUtcNow();
        var posted = new DealRoomMessage(Ids.WithSequence(IdPrefixes.Message, Time, State.MessageCount + 1), EntityId, authorId, body, now, kind);
        State.Open.Add(posted);
        if (requestKey is not null)
        {
            DealRoomRules.Remember(State.RecentRequests, new PostedRequest(requestKey, posted.Id, now));
        }
        State.MessageCount++;
        State.LastMessageAt = now;
        await Commit(() => [NewEvent("deal_room.message_posted", posted)]);
        await Publish(new DealRoomSignal(DealRoomSignals.Message, EntityId, posted.AuthorId, null, posted));
        try
        {
            await SealIfFull();
        }
        catch (Exception ex)
        {
            // The message is stored; the next post seals the segment.
            logger.LogWarning(ex, "Sealing a segment of {Room} failed; the next post seals it", EntityId);
        }
        return posted;
    }

    public async Task Signal(string participantId, string kind)
    {
        if (Exists() && kind is DealRoomSignals.Typing or DealRoomSignals.Joined or DealRoomSignals.Left
            && State.Participants.FirstOrDefault(p => p.Id == participantId) is { } participant)
        {
            await Publish(new DealRoomSignal(kind, EntityId, participant.Id, participant.Name, null));
        }
    }

    /// <summary>Best effort: live clients that miss a signal catch up from the history.</summary>
    private async Task Publish(DealRoomSignal signal)
    {
        try
        {
            await this.GetStreamProvider(Names.StreamProvider)
                .GetStream<DealRoomSignal>(StreamId.Create(Names.DealRoomStreamNamespace, this.GetPrimaryKeyString()))
                .OnNextAsync(signal);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live signal of {Room} was not published; clients catch up from the history", EntityId);
        }
    }

    public async Task<Outcome<DealRoomHistoryPage>> History(DealRoomHistoryQuery query)
    {
        if (!Exists())
        {
            return Outcome<DealRoomHistoryPage>.NotFound;
        }
        var range = DealRoomRules.Range(State.MessageCount, query, SequenceIn);
        if (range.Violation is { } refused)
        {
            return refused;
        }
        var (from, to, hasMore) = range.Facts!;
        var messages = new List<DealRoomMessage>();
        for (var segment = to < from ? 0 : DealRoomRules.SegmentOf(from); to >= from && segment <= DealRoomRules.SegmentOf(to); segment++)
        {
            var held = segment < State.SealedSegments
                ? await Segment(segment).Messages()
                : State.Open;
            messages.AddRange(held.Where(m => Ids.SequenceOf(m.Id) is var s && s >= from && s <= to));
        }
        messages.Reverse();
        return new DealRoomHistoryPage(messages, hasMore, State.MessageCount);
    }

    /// <summary>The sequence a cursor names, when it is a well-formed message id.</summary>
    private static long? SequenceIn(string id) => Ids.IsValid(IdPrefixes.Message, id) ? Ids.SequenceOf(id) : null;

    /// <summary>Sealed segment <paramref name="number"/> of this room (`{room key}.{number}`).</summary>
    private IDealRoomSegmentGrain Segment(long number) => GrainFactory.Keyed<IDealRoomSegmentGrain>($"{this.GetPrimaryKeyString()}.{number}");

    private async Task SealIfFull()
    {
        if (State.Open.Count < DealRoomRules.SegmentSize)
        {
            return;
        }
        await Segment(State.SealedSegments).Seal(State.Open, State.RecentRequests.Where(r => State.Open.Any(m => m.Id == r.MessageId)).ToList());
        State.SealedSegments++;
        State.Open = [];
        await Save();
    }

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string> { ["submissionId"] = State.SubmissionId };
            foreach (var participant in State.Participants)
            {
                tags["participant:" + participant.Id] = "true";
            }
            yield return Summary(QueryKinds.DealRoom, State.CreatedAt, tags, ToInfo());
        }
    }

    private DealRoomInfo ToInfo() => new(
        EntityId, Tenant.OrgId, Tenant.Environment, State.SubmissionId, State.Name, State.Participants, State.MessageCount,
        State.LastMessageAt, State.CreatedAt, State.CreatedBy!);
}
