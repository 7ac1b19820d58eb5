using Insure.Grains.Events;
using Insure.Grains.Queries;
using Microsoft.Extensions.Logging;

namespace Insure.Grains.Referrals;

/// <summary>
/// A referral: load, decide (<see cref="ReferralRules"/>), apply, commit. What a change means elsewhere (a submission or
/// policy told its referral is open, approved or rejected; a decision posted in the deal room) is stored with the change
/// as instructions and delivered from the outbox until acknowledged, so an approval cannot be lost between the two
/// grains and the entity checks its own record of it, never a read of the referral.
/// </summary>
internal sealed class ReferralGrain(
    [PersistentState("referral", Names.Storage)] IPersistentState<ReferralState> state,
    IQueryStore queries,
    TenantClocks clocks,
    ILogger<ReferralGrain> logger)
    : TenantGrain<ReferralState>(state, queries, clocks, logger), IReferralGrain
{
    public async Task<Outcome<ReferralInfo>> Create(NewReferral request)
    {
        if (Persisted.RecordExists)
        {
            return RuleViolation.Conflict($"Referral {EntityId} already exists");
        }
        if (ReferralRules.CheckNew(request) is { } refused)
        {
            return refused;
        }
        var (type, entityId) = (request.EntityType!, request.EntityId!);
        if (ReferralRules.CheckEntity(type, entityId, await EntityStatus(type, entityId)) is { } noEntity)
        {
            return noEntity;
        }
        var roomFound = request.DealRoomId is { } room && await Grains.Get<IDealRoomGrain>(room).Get() is not null;
        if (ReferralRules.CheckRoom(request.DealRoomId, roomFound) is { } noRoom)
        {
            return noRoom;
        }
        var now = Time.GetUtcNow();
        State.EntityType = type;
        State.EntityId = entityId;
        State.Reason = request.Reason!.Trim();
        State.Status = ReferralLifecycle.Initial;
        State.DealRoomId = request.DealRoomId;
        State.AssignedTo = request.AssignedTo?.Trim();
        State.CreatedAt = State.UpdatedAt = now;
        State.CreatedBy = request.By;
        State.Pending.AddRange(ReferralRules.Opened(type, EntityId, now));
        await Commit(() => [NewEvent("referral.created", ToInfo())]);
        return ToInfo();
    }

    public Task<ReferralInfo?> Get() => Task.FromResult(Exists() ? ToInfo() : null);

    public async Task<Outcome<ReferralInfo>> Decide(NewReferralDecision decision)
    {
        if (!Exists())
        {
            return Outcome<ReferralInfo>.NotFound;
        }
        var decided = ReferralRules.Decide(State, EntityId, decision, Time.GetUtcNow());
        if (decided.Violation is { } refused)
        {
            return refused;
        }
        var change = decided.Facts!;
        ReferralRules.Apply(State, change);
        await Commit(() => [NewEvent(change.EventType, ToInfo())]);
        return ToInfo();
    }

    /// <summary>Nothing to do: the activation has already delivered what was pending (<see cref="SendInstructions"/>).</summary>
    public Task Wake() => Task.CompletedTask;

    /// <summary>The status of the referred entity in this tenant, or null when there is none (the id is well formed).</summary>
    private async Task<string?> EntityStatus(string entityType, string entityId) => entityType switch
    {
        ReferralEntityTypes.Submission => (await Grains.Get<ISubmissionGrain>(entityId).Get())?.Status,
        ReferralEntityTypes.Policy => (await Grains.Get<IPolicyGrain>(entityId).Get())?.Status,
        _ => (await Grains.Get<IClaimGrain>(entityId).Get())?.Status,
    };

    protected override bool HasInstructions => State.Pending.Count > 0;

    /// <summary>Delivers the instructions in order, each removed once its receiver has answered; receivers ignore repeats.</summary>
    protected override async Task<bool> SendInstructions()
    {
        if (State.Pending.Count == 0)
        {
            return false;
        }
        foreach (var instruction in State.Pending.ToList())
        {
            await Deliver(instruction);
            State.Pending.Remove(instruction);
        }
        return true;
    }

    private Task Deliver(ReferralInstruction instruction) => instruction switch
    {
        { Notice: { } notice } when State.EntityType == ReferralEntityTypes.Submission => Grains.Get<ISubmissionGrain>(State.EntityId).ApplyReferral(notice),
        { Notice: { } notice } when State.EntityType == ReferralEntityTypes.Policy => Grains.Get<IPolicyGrain>(State.EntityId).ApplyReferral(notice),
        { RoomMessage: { } message } when State.DealRoomId is { } room => Grains.Get<IDealRoomGrain>(room).PostSystem(message),
        _ => Task.CompletedTask,
    };

    protected override IEnumerable<QueryRecord> Summaries()
    {
        if (Persisted.RecordExists)
        {
            var tags = new Dictionary<string, string>
            {
                ["status"] = State.Status,
                ["entityType"] = State.EntityType,
                ["entityId"] = State.EntityId,
            };
            if (State.AssignedTo is { } assignee)
            {
                tags["assignedTo"] = assignee;
            }
            if (State.DealRoomId is { } room)
            {
                tags["dealRoomId"] = room;
            }
            yield return Summary(QueryKinds.Referral, State.CreatedAt, tags, ToInfo());
        }
    }

    private ReferralInfo ToInfo() => new(
        EntityId, Tenant.OrgId, Tenant.Environment, State.EntityType, State.EntityId, State.Reason, State.Status, ReferralRules.InfoRequested(State),
        State.DealRoomId, State.AssignedTo, State.Decisions.ToList(), State.CreatedAt, State.UpdatedAt, State.CreatedBy!);
}
