namespace Insure.Grains.DealRooms;

/// <summary>What a room, its participants and its messages must satisfy, and where a page of history lies.</summary>
internal static class DealRoomRules
{
    /// <summary>
    /// How many keyed posts a room remembers: a retry comes within seconds, and the list is written with every post.
    /// </summary>
    public const int RecentRequests = 64;

    /// <summary>The post the room remembers making under <paramref name="requestKey"/>, if any.</summary>
    public static PostedRequest? PostedUnder(List<PostedRequest> recent, string? requestKey) =>
        requestKey is null ? null : recent.FirstOrDefault(r => r.RequestKey == requestKey);

    /// <summary>
    /// How far before a retried request's key (an id, which sorts with the time its first attempt began on the Api node)
    /// the room looks for the post it made: allowance for the nodes' clocks.
    /// </summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Whether a sealed segment beginning with message <paramref name="firstId"/> may hold the post under <paramref name="requestKey"/>.</summary>
    public static bool MayHold(string firstId, string requestKey) =>
        Ids.TimeOf(firstId) >= Ids.TimeOf(requestKey) - ClockAllowance;

    /// <summary>Whether <paramref name="requestKey"/> is id-shaped (keys the Api makes are), so its time can be read.</summary>
    public static bool IsTimed(string requestKey) =>
        requestKey.IndexOf('_') is > 0 and var split && Ids.IsValid(requestKey[..split], requestKey);

    /// <summary>Adds a keyed post to the room's memory, forgetting the oldest beyond <see cref="RecentRequests"/>.</summary>
    public static void Remember(List<PostedRequest> recent, PostedRequest posted)
    {
        recent.Add(posted);
        if (recent.Count > RecentRequests)
        {
            recent.RemoveRange(0, recent.Count - RecentRequests);
        }
    }

    /// <summary>Messages per segment: what a post rewrites at most, however long the history.</summary>
    public const int SegmentSize = 50;
    public const int MaxBody = 4000;
    public const int MaxParticipants = 100;

    public static RuleViolation? CheckNew(NewDealRoom request)
    {
        if ((TextRules.Required(request.SubmissionId, "submissionId", 40) ?? TextRules.Required(request.Name, "name", 200)) is { } missing)
        {
            return missing;
        }
        if (request.Participants is null || request.Participants.Count == 0)
        {
            return RuleViolation.Invalid("participants", "required", "participants must list at least one participant");
        }
        if (request.Participants.Count > MaxParticipants)
        {
            return RuleViolation.Invalid("participants", "max_items", $"A deal room holds at most {MaxParticipants} participants");
        }
        foreach (var participant in request.Participants)
        {
            if (CheckParticipant(participant) is { } invalid)
            {
                return invalid;
            }
        }
        return request.Participants.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() != request.Participants.Count
            ? RuleViolation.Invalid("participants", "unique", "Each participant id may appear once")
            : null;
    }

    public static RuleViolation? CheckParticipant(DealRoomParticipant? participant)
    {
        if (participant is null)
        {
            return RuleViolation.Invalid("participants", "required", "A participant needs an id, a name and a role");
        }
        if ((TextRules.Required(participant.Id, "participants.id", 100) ?? TextRules.Required(participant.Name, "participants.name", 200)) is { } missing)
        {
            return missing;
        }
        if (participant.Id == DealRoomMessageKinds.SystemAuthor)
        {
            return RuleViolation.Invalid("participants.id", "reserved", $"\"{DealRoomMessageKinds.SystemAuthor}\" is the author of system messages; choose another participant id");
        }
        return DealRoomRoles.All.Contains(participant.Role)
            ? null
            : RuleViolation.Invalid("participants.role", "enum", $"role must be one of {string.Join(", ", DealRoomRoles.All)}");
    }

    public static RuleViolation? CheckMessage(DealRoomState room, NewDealRoomMessage message)
    {
        if ((TextRules.Required(message.AuthorId, "authorId", 100) ?? TextRules.Required(message.Body, "body", MaxBody)) is { } invalid)
        {
            return invalid;
        }
        return room.Participants.Any(p => p.Id == message.AuthorId)
            ? null
            : new RuleViolation(ErrorCodes.Forbidden, $"{message.AuthorId} is not a participant of this deal room",
                new Dictionary<string, string> { ["field"] = "authorId" });
    }

    /// <summary>A system message's body, cut to the length any message may have.</summary>
    public static string SystemBody(string body) => body.Length <= MaxBody ? body : body[..(MaxBody - 1)] + "…";

    /// <summary>
    /// The sequences a page covers (lowest to highest, both inclusive) and whether more lie beyond in its direction, or
    /// why the cursors are refused. Sequences run from 1 to the room's message count.
    /// </summary>
    public static Decision<HistoryRange> Range(long count, DealRoomHistoryQuery query, Func<string, long?> sequenceOf)
    {
        if (query.Before is not null && query.After is not null)
        {
            return RuleViolation.Invalid("before", "exclusive", "Give before or after, not both");
        }
        if (query.Before is { } before)
        {
            if (sequenceOf(before) is not { } b || b < 1 || b > count)
            {
                return RuleViolation.Invalid("before", "unknown_message", "before must be the id of a message of this deal room");
            }
            var low = Math.Max(1, b - query.Limit);
            return new HistoryRange(low, b - 1, low > 1);
        }
        if (query.After is { } after)
        {
            if (sequenceOf(after) is not { } a || a < 1 || a > count)
            {
                return RuleViolation.Invalid("after", "unknown_message", "after must be the id of a message of this deal room");
            }
            var high = Math.Min(count, a + query.Limit);
            return new HistoryRange(a + 1, high, high < count);
        }
        var lowest = Math.Max(1, count - query.Limit + 1);
        return new HistoryRange(lowest, count, lowest > 1);
    }

    /// <summary>The segment a message sequence falls in (0-based).</summary>
    public static long SegmentOf(long sequence) => (sequence - 1) / SegmentSize;
}

/// <summary>Message sequences From..To (inclusive; empty when To is below From), and whether more lie beyond.</summary>
internal sealed record HistoryRange(long From, long To, bool HasMore);
