using Insure.Grains.Referrals;

namespace Insure.Grains.Tests.Referrals;

/// <summary>The referral rules as pure functions: requests, decisions, and what each decision must tell whom.</summary>
public sealed class ReferralRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Underwriter = Actor.ApiKey("key_uw", "org_test");
    private const string ReferralId = "ref_01JTESTREFERRAL0000000000";

    private static NewReferral Request(Func<NewReferral, NewReferral>? change = null)
    {
        var request = new NewReferral("submission", Ids.New(IdPrefixes.Submission), "Limit above authority", null, null, Actor.ApiKey("key_b", "org_test"));
        return change is null ? request : change(request);
    }

    private static ReferralState Open(string entityType = ReferralEntityTypes.Submission, string? dealRoomId = null) => new()
    {
        EntityType = entityType, EntityId = "sub_1", Reason = "Limit above authority", Status = ReferralLifecycle.Initial,
        DealRoomId = dealRoomId, CreatedAt = Now, UpdatedAt = Now, CreatedBy = Underwriter,
    };

    private static ReferralChange Decided(ReferralState state, string decision, string? notes = null, DateTimeOffset? at = null)
    {
        var decided = ReferralRules.Decide(state, ReferralId, new NewReferralDecision(decision, notes, Underwriter), at ?? Now);
        Assert.Null(decided.Violation);
        ReferralRules.Apply(state, decided.Facts!);
        return decided.Facts!;
    }

    private static void AssertInvalid(RuleViolation? violation, string field, string rule)
    {
        Assert.NotNull(violation);
        Assert.Equal((ErrorCodes.ValidationFailed, field, rule), (violation.Code, violation.Details!["field"], violation.Details["rule"]));
    }

    // ---- Opening ----

    [Fact]
    public void CheckNew_AcceptsAWellFormedRequest_ForEachEntityType()
    {
        Assert.Null(ReferralRules.CheckNew(Request()));
        Assert.Null(ReferralRules.CheckNew(Request(r => r with { EntityType = "policy", EntityId = Ids.New(IdPrefixes.Policy), DealRoomId = Ids.New(IdPrefixes.DealRoom), AssignedTo = "uw_7" })));
        Assert.Null(ReferralRules.CheckNew(Request(r => r with { EntityType = "claim", EntityId = Ids.New(IdPrefixes.Claim) })));
    }

    [Fact]
    public void CheckNew_NamesTheFieldItRefuses()
    {
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { EntityType = null })), "entityType", "required");
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { EntityType = "invoice" })), "entityType", "enum");
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { EntityId = " " })), "entityId", "required");
        // An id of another kind, or no id at all, names nothing of that type.
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { EntityId = Ids.New(IdPrefixes.Policy) })), "entityId", "not_found");
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { Reason = "" })), "reason", "required");
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { Reason = new string('r', ReferralRules.MaxReason + 1) })), "reason", "max_length");
        Assert.Null(ReferralRules.CheckNew(Request(r => r with { Reason = new string('r', ReferralRules.MaxReason) })));
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { AssignedTo = "" })), "assignedTo", "required");
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { AssignedTo = new string('u', ReferralRules.MaxAssignee + 1) })), "assignedTo", "max_length");
        AssertInvalid(ReferralRules.CheckNew(Request(r => r with { DealRoomId = "room-1" })), "dealRoomId", "not_found");
    }

    [Fact]
    public void CheckEntity_NeedsTheEntity_AndASubmissionStillOpenToUnderwriting()
    {
        AssertInvalid(ReferralRules.CheckEntity("policy", "pol_1", null), "entityId", "not_found");
        Assert.Null(ReferralRules.CheckEntity("submission", "sub_1", SubmissionStatuses.Quoted));
        Assert.Null(ReferralRules.CheckEntity("policy", "pol_1", PolicyStatuses.Active));
        foreach (var closed in new[] { SubmissionStatuses.Bound, SubmissionStatuses.Declined })
        {
            var refused = ReferralRules.CheckEntity("submission", "sub_1", closed)!;
            Assert.Equal((ErrorCodes.BusinessRuleViolation, "entity_closed"), (refused.Code, refused.Details!["rule"]));
        }
        AssertInvalid(ReferralRules.CheckRoom("dr_1", found: false), "dealRoomId", "not_found");
        Assert.Null(ReferralRules.CheckRoom("dr_1", found: true));
        Assert.Null(ReferralRules.CheckRoom(null, found: false));
    }

    [Fact]
    public void Opening_TellsASubmissionOrPolicy_ButNotAClaim()
    {
        var notice = Assert.Single(ReferralRules.Opened("submission", ReferralId, Now)).Notice!;
        Assert.Equal(new ReferralNotice(ReferralId, ReferralStatuses.Open, Now), notice);
        Assert.Single(ReferralRules.Opened("policy", ReferralId, Now));
        Assert.Empty(ReferralRules.Opened("claim", ReferralId, Now));
    }

    // ---- Deciding ----

    [Fact]
    public void Approve_ClosesTheReferral_AndTellsTheEntity()
    {
        var state = Open();
        var change = Decided(state, "approve", "  Within appetite at 3M  ", Now.AddHours(1));
        Assert.Equal(("referral.approved", ReferralStatuses.Approved, Now.AddHours(1)), (change.EventType, state.Status, state.UpdatedAt));
        var decision = Assert.Single(state.Decisions);
        Assert.Equal(new ReferralDecision("approve", "Within appetite at 3M", Now.AddHours(1), Underwriter), decision);
        Assert.Equal(new ReferralNotice(ReferralId, ReferralStatuses.Approved, Now.AddHours(1)), Assert.Single(state.Pending).Notice);
        Assert.False(ReferralRules.InfoRequested(state));
    }

    [Fact]
    public void Reject_ClosesTheReferral_AndTellsTheEntity_NotesOptional()
    {
        var state = Open("policy");
        var change = Decided(state, "reject", "   ");
        Assert.Equal(("referral.rejected", ReferralStatuses.Rejected), (change.EventType, state.Status));
        Assert.Null(state.Decisions[0].Notes);
        Assert.Equal(ReferralStatuses.Rejected, Assert.Single(state.Pending).Notice!.Status);
    }

    [Fact]
    public void RequestInfo_NeedsNotes_KeepsTheReferralOpen_AndTellsTheEntityNothing()
    {
        var state = Open();
        AssertInvalid(ReferralRules.Decide(state, ReferralId, new NewReferralDecision("request_info", " ", Underwriter), Now).Violation, "notes", "required");
        var change = Decided(state, "request_info", "Five years of loss runs, please");
        Assert.Equal(("referral.info_requested", ReferralStatuses.Open), (change.EventType, state.Status));
        Assert.True(ReferralRules.InfoRequested(state));
        Assert.Empty(state.Pending);

        // Asked again, then approved: every decision is kept, and the flag goes with the final decision.
        Decided(state, "request_info", "And the fleet schedule");
        Decided(state, "approve");
        Assert.Equal(["request_info", "request_info", "approve"], state.Decisions.Select(d => d.Decision));
        Assert.False(ReferralRules.InfoRequested(state));
        Assert.Equal(ReferralStatuses.Approved, Assert.Single(state.Pending).Notice!.Status);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public void ADecidedReferral_CannotBeDecidedAgain(string first)
    {
        var state = Open();
        Decided(state, first);
        foreach (var again in ReferralDecisions.All)
        {
            var refused = ReferralRules.Decide(state, ReferralId, new NewReferralDecision(again, "second thoughts", Underwriter), Now).Violation!;
            Assert.Equal(ErrorCodes.InvalidStateTransition, refused.Code);
            Assert.Equal(state.Status, refused.Details!["from"]);
            Assert.Contains(ReferralId, refused.Message);
            Assert.Contains("key_uw", refused.Message);
        }
        Assert.Single(state.Decisions);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("approved", "enum")]
    [InlineData("APPROVE", "enum")]
    public void AnUnknownDecision_IsValidationFailed(string? decision, string rule) =>
        AssertInvalid(ReferralRules.Decide(Open(), ReferralId, new NewReferralDecision(decision, null, Underwriter), Now).Violation, "decision", rule);

    [Fact]
    public void Notes_HaveALimit()
    {
        AssertInvalid(ReferralRules.Decide(Open(), ReferralId, new NewReferralDecision("approve", new string('n', ReferralRules.MaxNotes + 1), Underwriter), Now).Violation,
            "notes", "max_length");
        Assert.Null(ReferralRules.Decide(Open(), ReferralId, new NewReferralDecision("approve", new string('n', ReferralRules.MaxNotes), Underwriter), Now).Violation);
    }

    [Fact]
    public void EachDecision_IsPostedInTheLinkedRoom_UnderItsOwnKey()
    {
        var state = Open(dealRoomId: "dr_1");
        Decided(state, "request_info", "Loss runs?");
        Decided(state, "approve", "OK at 3M");
        var messages = state.Pending.Where(i => i.RoomMessage is not null).Select(i => i.RoomMessage!).ToList();
        Assert.Equal([$"{ReferralId}/decision/1", $"{ReferralId}/decision/2"], messages.Select(m => m.Key));
        Assert.Equal($"Referral {ReferralId} on submission sub_1 approved: OK at 3M", messages[1].Body);
        Assert.DoesNotContain(Underwriter.Id, string.Concat(messages.Select(m => m.Body)));
        var assigned = Open(dealRoomId: "dr_1");
        assigned.AssignedTo = "uw_jane";
        Decided(assigned, "approve", "OK");
        Assert.Equal($"Referral {ReferralId} on submission sub_1 approved by uw_jane: OK", assigned.Pending.Last(i => i.RoomMessage is not null).RoomMessage!.Body);
        Assert.Contains("more information", messages[0].Body);
        // The entity hears of the approval before the room does.
        Assert.NotNull(state.Pending[1].Notice);
        Assert.NotNull(state.Pending[2].RoomMessage);

        var claim = Open("claim", "dr_1");
        Decided(claim, "reject", "Not covered");
        Assert.Null(Assert.Single(claim.Pending).Notice);
    }

    // ---- Lifecycle ----

    [Theory]
    [InlineData("open", "Approve", "approved")]
    [InlineData("open", "Reject", "rejected")]
    [InlineData("open", "RequestInfo", "open")]
    [InlineData("approved", "Approve", null)]
    [InlineData("approved", "Reject", null)]
    [InlineData("approved", "RequestInfo", null)]
    [InlineData("rejected", "Approve", null)]
    [InlineData("rejected", "Reject", null)]
    [InlineData("rejected", "RequestInfo", null)]
    public void Lifecycle_AllowsExactlyTheseMoves(string from, string action, string? to) =>
        Assert.Equal(to, ReferralLifecycle.Next(from, Enum.Parse<ReferralAction>(action)));

    [Fact]
    public void Lifecycle_HoldsNothingElse() => Assert.Equal(3, ReferralLifecycle.All.Count());

    // ---- What entities hold ----

    [Fact]
    public void Standings_TakeEachNoticeOnce_AndNeverUndoADecision()
    {
        var held = new List<ReferralNotice>();
        var opened = new ReferralNotice("ref_a", ReferralStatuses.Open, Now);
        var approved = opened with { Status = ReferralStatuses.Approved, At = Now.AddHours(1) };
        Assert.True(ReferralStandings.IsNews(held, opened));
        ReferralStandings.Record(held, opened);
        Assert.False(ReferralStandings.IsNews(held, opened));
        Assert.True(ReferralStandings.IsNews(held, approved));
        ReferralStandings.Record(held, approved);
        Assert.False(ReferralStandings.IsNews(held, approved));
        Assert.False(ReferralStandings.IsNews(held, opened));
        Assert.False(ReferralStandings.IsNews(held, approved with { Status = ReferralStatuses.Rejected }));
        Assert.Equal(approved, Assert.Single(held));
    }
}
