using Insure.Grains.Queries;

namespace Insure.Grains.Tests.Referrals;

/// <summary>
/// A referral's decisions reach its submission and deal room through the referral's outbox: stored with the decision,
/// delivered until acknowledged (again on a later activation when the first delivery failed), and taken once by receivers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReferralGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Broker = Actor.ApiKey("key_broker", "org_test");
    private static readonly Actor Underwriter = Actor.ApiKey("key_uw", "org_test");

    /// <summary>A quoted GL submission whose 3M limit is above the authority, so triage says `referral_required`.</summary>
    private async Task<(Tenant Tenant, ISubmissionGrain Submission, string SubmissionId)> ReferredRisk()
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        ClusterFixture.Clocks.Own(tenant.OrgId);
        var id = Ids.New(IdPrefixes.Submission);
        var submission = fixture.Grains.GetGrain<ISubmissionGrain>(tenant.KeyFor(id));
        var fields = new Dictionary<string, string>
        {
            ["naicsCode"] = "541511", ["annualRevenue"] = "2500000", ["requestedLimit"] = "3000000", ["state"] = "TX", ["deductible"] = "1000",
        };
        var created = await submission.Create(new SubmissionDraft("Acme Software", "GL", new DateOnly(2026, 12, 1), null, fields, [], [], null, null), Broker);
        Assert.Equal(ReadinessVerdicts.ReferralRequired, created.Value!.Triage.Verdict);
        Assert.NotNull((await submission.Quote(Broker)).Value);
        return (tenant, submission, id);
    }

    private async Task<(IReferralGrain Grain, string Id)> Refer(Tenant tenant, string submissionId, string? dealRoomId = null)
    {
        var id = Ids.New(IdPrefixes.Referral);
        var grain = fixture.Grains.GetGrain<IReferralGrain>(tenant.KeyFor(id));
        var created = await grain.Create(new NewReferral("submission", submissionId, "Limit above authority", dealRoomId, "uw_1", Broker));
        Assert.Null(created.Violation);
        Assert.Equal(ReferralStatuses.Open, created.Value!.Status);
        return (grain, id);
    }

    [Fact]
    public async Task AnApproval_WhoseDeliveryFailed_ReachesTheSubmissionOnTheReferralsNextActivation()
    {
        var (tenant, submission, submissionId) = await ReferredRisk();
        var (referral, referralId) = await Refer(tenant, submissionId);
        var gated = (await submission.Bind(InstallmentPlans.PayInFull, Broker)).Violation!;
        Assert.Equal((referralId, "referral_open"), (gated.Details!["referralId"], gated.Details["rule"]));

        ClusterFixture.Queries.Down = true;
        try
        {
            // The decision is stored with its instruction; the dispatch fails before the instruction goes out.
            Assert.Equal(ReferralStatuses.Approved, (await referral.Decide(new NewReferralDecision("approve", "fine at 3M", Underwriter))).Value!.Status);
            Assert.Equal("referral_open", (await submission.Bind(InstallmentPlans.PayInFull, Broker)).Violation!.Details!["rule"]);
        }
        finally
        {
            ClusterFixture.Queries.Down = false;
        }

        // The activations go away (as on a silo restart); the referral's next one finds the instruction and delivers it.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(ReferralStatuses.Approved, (await referral.Get())!.Status);
        var bound = await submission.Bind(InstallmentPlans.PayInFull, Broker);
        Assert.Null(bound.Violation);
        Assert.StartsWith("pol_", bound.Value!.Id);
    }

    [Fact]
    public async Task ARefusedBind_WakesAnOpenReferral_WhoseUndeliveredApprovalThenArrives()
    {
        var (tenant, submission, submissionId) = await ReferredRisk();
        var (referral, _) = await Refer(tenant, submissionId);
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        ClusterFixture.Queries.Down = true;
        try
        {
            Assert.Equal(ReferralStatuses.Approved, (await referral.Decide(new NewReferralDecision("approve", "fine at 3M", Underwriter))).Value!.Status);
            // The activation is lost with its instruction undelivered (as with its silo): nothing calls the referral again.
            await management.ForceActivationCollection(TimeSpan.Zero);
        }
        finally
        {
            ClusterFixture.Queries.Down = false;
        }
        var referrals = (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(Insure.Grains.Referrals.ReferralGrain), StringComparison.Ordinal));
        Assert.Equal(0, referrals.Sum(s => s.ActivationCount));

        // The submission still holds the referral as open, so the bind is refused; the refusal wakes the referral, which
        // delivers the approval, and a later bind goes through.
        Assert.Equal("referral_open", (await submission.Bind(InstallmentPlans.PayInFull, Broker)).Violation!.Details!["rule"]);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Outcome<PolicyInfo> bound;
        while ((bound = await submission.Bind(InstallmentPlans.PayInFull, Broker)).Violation is { } refused && DateTime.UtcNow < deadline)
        {
            Assert.Equal("referral_open", refused.Details!["rule"]);
            await Task.Delay(50);
        }
        Assert.Null(bound.Violation);
    }

    [Fact]
    public async Task ARefusedEndorsement_WakesAnOpenReferral_WhoseUndeliveredApprovalThenArrives()
    {
        // A policy bound at 1M; raising its limit to 3M is above the authority and needs a referral on the policy.
        var (tenant, submission, submissionId) = await ReferredRisk();
        var (first, _) = await Refer(tenant, submissionId);
        await first.Decide(new NewReferralDecision("approve", "fine at 3M", Underwriter));
        var policy = fixture.Grains.GetGrain<IPolicyGrain>(tenant.KeyFor((await submission.Bind(InstallmentPlans.PayInFull, Broker)).Value!.Id));
        var policyId = (await policy.Get())!.Id;
        var referralId = Ids.New(IdPrefixes.Referral);
        var referral = fixture.Grains.GetGrain<IReferralGrain>(tenant.KeyFor(referralId));
        Assert.Null((await referral.Create(new NewReferral("policy", policyId, "Limit to 5M", null, "uw_1", Broker))).Violation);
        var endorsement = new Endorsement(new DateOnly(2027, 1, 1), new() { ["requestedLimit"] = "5000000" }, null, "Higher limit", Broker, referralId);
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        ClusterFixture.Queries.Down = true;
        try
        {
            await referral.Decide(new NewReferralDecision("approve", "fine at 5M", Underwriter));
            await management.ForceActivationCollection(TimeSpan.Zero);
        }
        finally
        {
            ClusterFixture.Queries.Down = false;
        }

        Assert.Equal("referral_open", (await policy.Endorse(endorsement, null)).Violation!.Details!["rule"]);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Outcome<EndorsementResult> endorsed;
        while ((endorsed = await policy.Endorse(endorsement, null)).Violation is { } refused && DateTime.UtcNow < deadline)
        {
            Assert.Equal("referral_open", refused.Details!["rule"]);
            await Task.Delay(50);
        }
        Assert.Null(endorsed.Violation);
        Assert.Equal(referralId, endorsed.Value!.Version.ReferralId);
    }

    [Fact]
    public async Task ARejection_DeclinesTheSubmissionOnce_HoweverOftenItArrives()
    {
        var (tenant, submission, submissionId) = await ReferredRisk();
        var (referral, referralId) = await Refer(tenant, submissionId);
        await referral.Decide(new NewReferralDecision("reject", "Outside appetite", Underwriter));
        Assert.Equal(SubmissionStatuses.Declined, (await submission.Get())!.Status);

        // Redelivered (a lost acknowledgement), and an older notice arriving late: neither changes anything.
        var rejected = new ReferralNotice(referralId, ReferralStatuses.Rejected, ClusterFixture.Clocks.For(tenant.OrgId).GetUtcNow());
        await submission.ApplyReferral(rejected);
        await submission.ApplyReferral(rejected with { Status = ReferralStatuses.Open });
        await submission.ApplyReferral(rejected with { Status = ReferralStatuses.Approved });
        Assert.Equal(SubmissionStatuses.Declined, (await submission.Get())!.Status);
        var declined = await ClusterFixture.Queries.List(QueryKinds.Event, tenant.ToString(),
            new QueryFilter(new Dictionary<string, string> { ["type"] = "submission.declined" }), 1, 10);
        Assert.Equal(1, declined.Total);

        var transition = (await submission.Bind(InstallmentPlans.PayInFull, Broker)).Violation!;
        Assert.Equal((ErrorCodes.InvalidStateTransition, SubmissionStatuses.Declined), (transition.Code, transition.Details!["from"]));
        Assert.Contains(referralId, transition.Message);
        Assert.Equal(ErrorCodes.InvalidStateTransition, (await submission.Quote(Broker)).Violation!.Code);
    }

    [Fact]
    public async Task ADecision_IsPostedInTheLinkedRoom_AsOneSystemMessage_EvenWhenSentAgain()
    {
        var (tenant, _, submissionId) = await ReferredRisk();
        var roomId = Ids.New(IdPrefixes.DealRoom);
        var room = fixture.Grains.GetGrain<IDealRoomGrain>(tenant.KeyFor(roomId));
        Assert.Null((await room.Create(new NewDealRoom(submissionId, "Acme GL", [new DealRoomParticipant("uw_1", "Uma", "underwriter")], Broker))).Violation);
        var posted = (await room.Post(new NewDealRoomMessage("uw_1", "Looking at it"))).Value!;
        Assert.Equal(DealRoomMessageKinds.Participant, posted.Kind);

        var (referral, referralId) = await Refer(tenant, submissionId, roomId);
        await referral.Decide(new NewReferralDecision("request_info", "Loss runs for five years?", Underwriter));
        // The room receives the same instruction again (as after a lost acknowledgement): it posts nothing more.
        await room.PostSystem(new DealRoomSystemMessage($"{referralId}/decision/1", "a retried delivery"));

        var history = (await room.History(new DealRoomHistoryQuery(null, null, 30))).Value!;
        Assert.Equal(2, history.Total);
        var system = history.Messages[0];
        Assert.Equal((DealRoomMessageKinds.System, DealRoomMessageKinds.SystemAuthor), (system.Kind, system.AuthorId));
        Assert.Equal($"Referral {referralId} on submission {submissionId}: more information requested by uw_1: Loss runs for five years?", system.Body);
    }
}
