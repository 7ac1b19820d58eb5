namespace Insure.Grains.Referrals;

/// <summary>
/// Every decision about a referral, as pure functions: whether a request is one, whether its entity can be referred,
/// what a decision changes and whom it must tell. <see cref="Apply"/> is the only place a referral's state moves.
/// </summary>
internal static class ReferralRules
{
    public const int MaxReason = 1000;
    public const int MaxNotes = 2000;
    public const int MaxAssignee = 100;

    /// <summary>The request's own checks: a known entity type with a well-formed id of its kind, a reason, sane optional fields.</summary>
    public static RuleViolation? CheckNew(NewReferral request)
    {
        if (TextRules.Required(request.EntityType, "entityType", 40) is { } noType)
        {
            return noType;
        }
        if (ReferralEntityTypes.PrefixOf(request.EntityType) is not { } prefix)
        {
            return RuleViolation.Invalid("entityType", "enum", $"entityType must be one of {string.Join(", ", ReferralEntityTypes.All)}");
        }
        if (TextRules.Required(request.EntityId, "entityId", 40) is { } noId)
        {
            return noId;
        }
        if (!Ids.IsValid(prefix, request.EntityId))
        {
            return NotFound(request.EntityType!, request.EntityId!);
        }
        if (TextRules.Required(request.Reason, "reason", MaxReason) is { } noReason)
        {
            return noReason;
        }
        if (request.AssignedTo is not null && TextRules.Required(request.AssignedTo, "assignedTo", MaxAssignee) is { } badAssignee)
        {
            return badAssignee;
        }
        return request.DealRoomId is { } room && !Ids.IsValid(IdPrefixes.DealRoom, room) ? RoomNotFound(room) : null;
    }

    /// <summary>
    /// Whether the entity can be referred, given its status (null: there is no such entity in the tenant). A bound or
    /// declined submission is past underwriting: a bound one's policy is what to refer.
    /// </summary>
    public static RuleViolation? CheckEntity(string entityType, string entityId, string? status)
    {
        if (status is null)
        {
            return NotFound(entityType, entityId);
        }
        return entityType == ReferralEntityTypes.Submission && status is SubmissionStatuses.Bound or SubmissionStatuses.Declined
            ? RuleViolation.Business($"Submission {entityId} is {status}; only a submission not yet bound or declined can be referred"
                + (status == SubmissionStatuses.Bound ? " (refer its policy instead)" : ""), "entityId", "entity_closed")
            : null;
    }

    /// <summary>A named deal room must exist in the tenant.</summary>
    public static RuleViolation? CheckRoom(string? dealRoomId, bool found) => dealRoomId is not null && !found ? RoomNotFound(dealRoomId) : null;

    /// <summary>What opening a referral tells its entity: a submission or policy holds it as open; a claim has nothing gated on it.</summary>
    public static IReadOnlyList<ReferralInstruction> Opened(string entityType, string referralId, DateTimeOffset now) =>
        Gates(entityType) ? [new ReferralInstruction(new ReferralNotice(referralId, ReferralStatuses.Open, now))] : [];

    /// <summary>
    /// A decision on referral <paramref name="referralId"/>: approve and reject close it and tell a submission or policy;
    /// request_info (which needs notes saying what is wanted) keeps it open. Every decision is posted in a linked deal room.
    /// </summary>
    public static Decision<ReferralChange> Decide(ReferralState state, string referralId, NewReferralDecision command, DateTimeOffset now)
    {
        if (TextRules.Required(command.Decision, "decision", 40) is { } missing)
        {
            return missing;
        }
        if (ActionOf(command.Decision!) is not { } action)
        {
            return RuleViolation.Invalid("decision", "enum", $"decision must be one of {string.Join(", ", ReferralDecisions.All)}");
        }
        var notes = string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim();
        if (action == ReferralAction.RequestInfo && notes is null)
        {
            return RuleViolation.Invalid("notes", "required", "Missing required field: notes (request_info says what information is needed)");
        }
        if (TextRules.AtMost(notes, "notes", MaxNotes) is { } tooLong)
        {
            return tooLong;
        }
        if (ReferralLifecycle.Next(state.Status, action) is not { } next)
        {
            var last = state.Decisions.LastOrDefault();
            return RuleViolation.Transition(state.Status, ReferralLifecycle.Target(action),
                $"Referral {referralId} was already {state.Status}{(last is null ? "" : $" on {last.DecidedAt:yyyy-MM-dd} by {last.DecidedBy.Id}")}; a decided referral cannot be decided again");
        }
        var decision = new ReferralDecision(command.Decision!, notes, now, command.By);
        var instructions = new List<ReferralInstruction>();
        if (next != ReferralStatuses.Open && Gates(state.EntityType))
        {
            instructions.Add(new ReferralInstruction(new ReferralNotice(referralId, next, now)));
        }
        if (state.DealRoomId is not null)
        {
            // Keyed by the decision's place in the referral, so a redelivery is recognized by the room.
            instructions.Add(new ReferralInstruction(RoomMessage: new DealRoomSystemMessage(
                $"{referralId}/decision/{state.Decisions.Count + 1}", RoomText(state, referralId, action, decision))));
        }
        return new ReferralChange(action, EventType(action), decision, instructions);
    }

    /// <summary>Applies a decided change; the status moves only through <see cref="ReferralLifecycle"/>.</summary>
    public static void Apply(ReferralState state, ReferralChange change)
    {
        state.Status = ReferralLifecycle.Next(state.Status, change.Action)
            ?? throw new InvalidOperationException($"The lifecycle does not allow {change.Action} from {state.Status}.");
        state.Decisions.Add(change.Decision);
        state.Pending.AddRange(change.Instructions);
        state.UpdatedAt = change.Decision.DecidedAt;
    }

    /// <summary>True while the referral is open and its latest decision asked for more information.</summary>
    public static bool InfoRequested(ReferralState state) =>
        state.Status == ReferralStatuses.Open && state.Decisions.LastOrDefault()?.Decision == ReferralDecisions.RequestInfo;

    /// <summary>Submissions and policies hold their referrals (binding and endorsing depend on them); claims do not.</summary>
    private static bool Gates(string entityType) => entityType is ReferralEntityTypes.Submission or ReferralEntityTypes.Policy;

    private static ReferralAction? ActionOf(string decision) => decision switch
    {
        ReferralDecisions.Approve => ReferralAction.Approve,
        ReferralDecisions.Reject => ReferralAction.Reject,
        ReferralDecisions.RequestInfo => ReferralAction.RequestInfo,
        _ => null,
    };

    private static string EventType(ReferralAction action) => action switch
    {
        ReferralAction.Approve => "referral.approved",
        ReferralAction.Reject => "referral.rejected",
        _ => "referral.info_requested",
    };

    private static string RoomText(ReferralState state, string referralId, ReferralAction action, ReferralDecision decision)
    {
        var what = action switch
        {
            ReferralAction.Approve => " approved",
            ReferralAction.Reject => " rejected",
            _ => ": more information requested",
        };
        // The room is read by brokers, insureds and observers: it names the underwriter the integrator assigned, never the
        // API key that recorded the decision (an internal id, and no person).
        var by = state.AssignedTo is { } assignee ? $" by {assignee}" : "";
        var text = $"Referral {referralId} on {state.EntityType} {state.EntityId}{what}{by}";
        return decision.Notes is { } notes ? $"{text}: {notes}" : text;
    }

    private static RuleViolation NotFound(string entityType, string entityId) =>
        RuleViolation.Invalid("entityId", "not_found", $"{char.ToUpperInvariant(entityType[0])}{entityType[1..]} {entityId} was not found");

    private static RuleViolation RoomNotFound(string dealRoomId) =>
        RuleViolation.Invalid("dealRoomId", "not_found", $"Deal room {dealRoomId} was not found");
}
