using Insure.Grains.Idempotency;

namespace Insure.Grains.Tests.Idempotency;

public sealed class IdempotencyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Anchor = "req_01KAAAAAAAAAAAAAAAAAAAAAAA";
    private static readonly Guid Lease = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Other = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly StoredResponse Response = new(201, "application/json", [1, 2, 3], "/v1/x");

    private static IdempotencyRecord Record(DateTimeOffset expiresAt) => new("f1", Response, expiresAt);

    [Fact]
    public void Begin_WithNothingRemembered_Proceeds_UnderTheNewLease()
    {
        var begin = IdempotencyRules.Begin(null, null, "f1", Lease, Now, Timeout, Anchor);
        Assert.Equal(new IdempotencyStart(IdempotencyOutcome.Proceed, null, Lease, Anchor), begin.Start);
        Assert.Equal(new InFlightRequest("f1", Lease, Now, Anchor), begin.InFlight);
        Assert.Null(begin.Record);
    }

    [Fact]
    public void Begin_WithARememberedResponse_ReplaysItToTheSameFingerprint_AndRefusesAnother()
    {
        var record = Record(Now.AddTicks(1));
        var replay = IdempotencyRules.Begin(record, null, "f1", Lease, Now, Timeout, Anchor);
        Assert.Equal(IdempotencyOutcome.Replay, replay.Start.Outcome);
        Assert.Same(Response, replay.Start.Response);
        Assert.Equal(default, replay.Start.Lease);
        Assert.Same(record, replay.Record);
        Assert.Null(replay.InFlight);

        var mismatch = IdempotencyRules.Begin(record, null, "f2", Lease, Now, Timeout, Anchor);
        Assert.Equal(new IdempotencyStart(IdempotencyOutcome.Mismatch, null), mismatch.Start);
        Assert.Same(record, mismatch.Record);
    }

    [Fact]
    public void Begin_ExactlyAtTheRecordsExpiry_ForgetsIt_AndProceeds()
    {
        var begin = IdempotencyRules.Begin(Record(Now), null, "f2", Lease, Now, Timeout, Anchor);
        Assert.Equal(IdempotencyOutcome.Proceed, begin.Start.Outcome);
        Assert.Null(begin.Record);
        Assert.True(IdempotencyRules.IsExpired(Record(Now), Now));
        Assert.False(IdempotencyRules.IsExpired(Record(Now.AddTicks(1)), Now));
    }

    [Fact]
    public void Begin_WhileARequestIsInFlight_AnswersInFlightToTheSameFingerprint_MismatchToAnother()
    {
        var running = new InFlightRequest("f1", Other, Now.AddSeconds(-10));
        var same = IdempotencyRules.Begin(null, running, "f1", Lease, Now, Timeout, Anchor);
        Assert.Equal(new IdempotencyStart(IdempotencyOutcome.InFlight, null), same.Start);
        Assert.Same(running, same.InFlight);
        var other = IdempotencyRules.Begin(null, running, "f2", Lease, Now, Timeout, Anchor);
        Assert.Equal(new IdempotencyStart(IdempotencyOutcome.Mismatch, null), other.Start);
        Assert.Same(running, other.InFlight);
    }

    [Fact]
    public void Begin_ExactlyAtTheInFlightTimeout_TakesTheKeyOver_ATickBeforeItDoesNot()
    {
        var running = new InFlightRequest("f1", Other, Now - Timeout);
        var lapsed = IdempotencyRules.Begin(null, running, "f2", Lease, Now, Timeout, Anchor);
        Assert.Equal(new IdempotencyStart(IdempotencyOutcome.Proceed, null, Lease, Anchor), lapsed.Start);
        Assert.Equal(new InFlightRequest("f2", Lease, Now, Anchor), lapsed.InFlight);

        var live = IdempotencyRules.Begin(null, running, "f1", Lease, Now.AddTicks(-1), Timeout, Anchor);
        Assert.Equal(IdempotencyOutcome.InFlight, live.Start.Outcome);
        Assert.Same(running, live.InFlight);
    }

    [Fact]
    public void Begin_ARememberedResponse_OutranksARequestInFlight()
    {
        var running = new InFlightRequest("f1", Other, Now);
        Assert.Equal(IdempotencyOutcome.Replay, IdempotencyRules.Begin(Record(Now.AddHours(1)), running, "f1", Lease, Now, Timeout, Anchor).Start.Outcome);
    }

    [Fact]
    public void Complete_WithTheHeldLease_RemembersTheInFlightFingerprintFor24Hours()
    {
        var record = IdempotencyRules.Complete(new InFlightRequest("f1", Lease, Now.AddSeconds(-5)), Lease, Response, Now);
        Assert.Equal(new IdempotencyRecord("f1", Response, Now.AddHours(24)), record);
    }

    [Fact]
    public void Complete_WithAStaleLease_OrNothingInFlight_StoresNothing()
    {
        Assert.Null(IdempotencyRules.Complete(new InFlightRequest("f1", Other, Now), Lease, Response, Now));
        Assert.Null(IdempotencyRules.Complete(null, Lease, Response, Now));
        Assert.False(IdempotencyRules.Holds(null, Guid.Empty));
    }

    [Fact]
    public void Release_FreesTheKeyOnlyForTheLeaseHoldingIt()
    {
        var running = new InFlightRequest("f1", Lease, Now);
        Assert.Null(IdempotencyRules.Release(running, Lease));
        Assert.Same(running, IdempotencyRules.Release(running, Other));
        Assert.Null(IdempotencyRules.Release(null, Lease));
    }

    [Fact]
    public void SweepInterval_IsRaisedToTheReminderMinimumOfAMinute()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), IdempotencyRules.SweepInterval(TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromMinutes(1), IdempotencyRules.SweepInterval(TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1).Add(TimeSpan.FromTicks(1)), IdempotencyRules.SweepInterval(TimeSpan.FromMinutes(1).Add(TimeSpan.FromTicks(1))));
        Assert.Equal(TimeSpan.FromMinutes(15), IdempotencyRules.SweepInterval(TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void AnAbandonedRequest_IsRetriedAtOnceUnderItsAnchor_AndAnotherBodyIsStillAMismatch()
    {
        var running = new InFlightRequest("f1", Lease, Now, Anchor);
        var uncertain = IdempotencyRules.Abandon(null, running, Lease, "f1", Anchor, Now)!;
        Assert.Equal(("f1", 0, Now.AddHours(24), Anchor), (uncertain.Fingerprint, uncertain.Response.StatusCode, uncertain.ExpiresAt, uncertain.Anchor));
        Assert.True(uncertain.IsUncertain);

        // The retry proceeds under the first attempt's anchor, not the one it proposes; the key is then in flight again.
        var retry = IdempotencyRules.Begin(uncertain, null, "f1", Other, Now.AddSeconds(1), Timeout, "req_01KBBBBBBBBBBBBBBBBBBBBBBB");
        Assert.Equal((IdempotencyOutcome.Proceed, Anchor, true, Other), (retry.Start.Outcome, retry.Start.Anchor, retry.Start.RetriesUncertain, retry.Start.Lease));
        Assert.Equal(IdempotencyOutcome.InFlight, IdempotencyRules.Begin(uncertain, retry.InFlight, "f1", Lease, Now.AddSeconds(2), Timeout, "x").Start.Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, IdempotencyRules.Begin(uncertain, null, "f2", Lease, Now.AddSeconds(2), Timeout, "x").Start.Outcome);

        // Its success is remembered with the anchor, and replaces the uncertain record.
        var done = IdempotencyRules.Complete(retry.InFlight, Other, Response, Now.AddSeconds(3));
        Assert.Equal((Anchor, false), (done!.Anchor, done.IsUncertain));
        Assert.Equal(IdempotencyOutcome.Replay, IdempotencyRules.Begin(done, null, "f1", Lease, Now.AddSeconds(4), Timeout, "x").Start.Outcome);
    }

    [Fact]
    public void Abandon_NeverOverwritesARememberedResponse_NorAnotherRequestsLease()
    {
        Assert.Null(IdempotencyRules.Abandon(Record(Now.AddHours(1)), null, Lease, "f1", Anchor, Now));
        Assert.Null(IdempotencyRules.Abandon(null, new InFlightRequest("f1", Other, Now, Anchor), Lease, "f1", Anchor, Now));
        // The grain that lost its request in flight with a silo takes the caller's word.
        Assert.NotNull(IdempotencyRules.Abandon(null, null, Lease, "f1", Anchor, Now));
        Assert.Equal(IdempotencyOutcome.Proceed, IdempotencyRules.Begin(null, null, "f1", Lease, Now, Timeout, Anchor).Start.Outcome);
        Assert.Equal(Anchor, IdempotencyRules.Begin(null, null, "f1", Lease, Now, Timeout, Anchor).Start.Anchor);
    }
}
