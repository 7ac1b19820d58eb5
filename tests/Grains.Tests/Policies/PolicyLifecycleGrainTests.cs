using System.Text.Json;
using Insure.Grains.Policies;
using Insure.Grains.Queries;
using Microsoft.Extensions.Time.Testing;

namespace Insure.Grains.Tests.Policies;

/// <summary>
/// The lifecycle table walked through a real <see cref="IPolicyGrain"/>: for every status, a policy is brought there by
/// the grain's own commands and its clock (the tenant's own fake clock, moved by the test, and the lifecycle reminder,
/// ticked by the test), then every action a caller or the clock can take is tried once, on a fresh policy per case.
/// The term runs 2026-11-11 to 2027-11-11; the tenant's clock starts on 2026-11-01.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PolicyLifecycleGrainTests(ClusterFixture fixture)
{
    private static readonly DateOnly Effective = DateOnly.FromDateTime(TestClocks.Start.UtcDateTime).AddDays(10);
    private static readonly DateOnly Expiration = Effective.AddMonths(12);

    /// <summary>How each setup is reached, and the status it leaves the policy in.</summary>
    private static readonly Dictionary<string, string> Setups = new()
    {
        // Issued for 2026-11-11 and the clock is on that day, but the reminder aimed at it has not been delivered yet:
        // the only time a bound policy can be cancelled effective now (before it, every date in the term is ahead).
        ["bound"] = PolicyStatuses.Bound,
        ["active"] = PolicyStatuses.Active,
        ["pending_cancellation"] = PolicyStatuses.PendingCancellation,
        // Cancelled flat for its inception before it started: reinstating it returns it to bound.
        ["pending_cancellation_before_inception"] = PolicyStatuses.PendingCancellation,
        ["cancelled"] = PolicyStatuses.Cancelled,
        ["expired"] = PolicyStatuses.Expired,
    };

    private static readonly string[] Attempts =
        ["endorse", "cancel_now", "schedule_cancellation", "reinstate", "renew", "clock_activate", "clock_complete_cancellation", "clock_expire"];

    public static IEnumerable<object[]> EveryStatusAndAction() =>
        from setup in Setups.Keys from attempt in Attempts select new object[] { setup, attempt };

    [Fact]
    public void TheWalk_CoversEveryActionACallerOrTheClockTakes_AndEveryStatus()
    {
        // The renewal offer leaves the status as it is, and in a policy's own time activation always comes first, so
        // the clock never offers from bound: PolicyRulesTests covers it.
        var walked = Setups.Keys.SelectMany(setup => Attempts.Select(attempt => ActionOf(setup, attempt))).ToHashSet();
        Assert.Equal(Enum.GetValues<PolicyAction>().Except([PolicyAction.Issue, PolicyAction.OfferRenewal]).ToHashSet(), walked);
        Assert.Equal(PolicyLifecycle.All.Select(t => t.From).Append(PolicyStatuses.Expired).ToHashSet(), Setups.Values.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndAction))]
    public async Task EveryStatusAndAction_IsAllowedThroughTheGrainExactlyWhereTheTableSays(string setup, string attempt)
    {
        var policy = await Bring(setup);
        var action = ActionOf(setup, attempt);
        var target = PolicyLifecycle.Next(policy.Status, action);
        if (attempt.StartsWith("clock_", StringComparison.Ordinal))
        {
            await AttemptByTheClock(policy, action, target);
            return;
        }

        var violation = await AttemptAsACaller(policy, attempt);
        var after = (await policy.Grain.Get())!;
        if (target is null)
        {
            Assert.NotNull(violation);
            Assert.Equal(ErrorCodes.InvalidStateTransition, violation.Code);
            Assert.Equal((policy.Status, PolicyLifecycle.Target(action)), (violation.Details!["from"], violation.Details["to"]));
            Assert.Equal(policy.Status, after.Status);
        }
        else
        {
            Assert.Null(violation);
            Assert.Equal(target, after.Status);
        }
    }

    /// <summary>The table's action for an attempt. A reinstatement is the before-inception one only for a cancellation scheduled before the policy started.</summary>
    private static PolicyAction ActionOf(string setup, string attempt) => attempt switch
    {
        "endorse" => PolicyAction.Endorse,
        "cancel_now" => PolicyAction.Cancel,
        "schedule_cancellation" => PolicyAction.ScheduleCancellation,
        "reinstate" => setup == "pending_cancellation_before_inception" ? PolicyAction.ReinstateBeforeInception : PolicyAction.Reinstate,
        "renew" => PolicyAction.Renew,
        "clock_activate" => PolicyAction.Activate,
        "clock_complete_cancellation" => PolicyAction.CompleteCancellation,
        "clock_expire" => PolicyAction.Expire,
        _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt, null),
    };

    private sealed record Walk(IPolicyGrain Grain, FakeTimeProvider Clock, Tenant Tenant, string Id, string Status)
    {
        public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

        /// <summary>Moves this tenant's clock forward to nine in the morning of <paramref name="day"/> (never back).</summary>
        public void MoveTo(DateOnly day)
        {
            if (day > Today)
            {
                Clock.SetUtcNow(TestPolicies.At(day));
            }
        }

        /// <summary>The lifecycle reminder fires, as the reminder service delivers it.</summary>
        public Task Tick() =>
            Grain.AsReference<IRemindable>().ReceiveReminder("lifecycle", new TickStatus(DateTime.UtcNow, TimeSpan.FromDays(1), DateTime.UtcNow));
    }

    /// <summary>A fresh policy, in a tenant with a clock of its own, brought into <paramref name="setup"/> by commands and the clock.</summary>
    private async Task<Walk> Bring(string setup)
    {
        var tenant = new Tenant(Ids.New(IdPrefixes.Organization), Tenant.Sandbox);
        var clock = ClusterFixture.Clocks.Own(tenant.OrgId);
        var id = Ids.New(IdPrefixes.Policy, clock);
        var grain = fixture.Grains.GetGrain<IPolicyGrain>(tenant.KeyFor(id));
        var walk = new Walk(grain, clock, tenant, id, Setups[setup]);
        Assert.Equal(PolicyStatuses.Bound, (await grain.Issue(TestPolicies.NewPolicy(Effective))).Status);

        switch (setup)
        {
            case "bound":
                walk.MoveTo(Effective);
                break;
            case "pending_cancellation_before_inception":
                Succeeds(await grain.Cancel(Cancellation(Effective, CancellationMethods.Flat), null));
                break;
            default:
                walk.MoveTo(Effective);
                await walk.Tick();
                Assert.Equal(PolicyStatuses.Active, (await grain.Get())!.Status);
                if (setup is "pending_cancellation" or "cancelled")
                {
                    Succeeds(await grain.Cancel(Cancellation(Effective.AddDays(30)), null));
                }
                if (setup == "cancelled")
                {
                    walk.MoveTo(Effective.AddDays(30));
                    await walk.Tick();
                }
                if (setup == "expired")
                {
                    walk.MoveTo(Expiration);
                    await walk.Tick();
                }
                break;
        }
        Assert.Equal(walk.Status, (await grain.Get())!.Status);
        return walk;
    }

    /// <summary>Sends the command; the violation that refused it, or null when it went ahead.</summary>
    private static async Task<RuleViolation?> AttemptAsACaller(Walk policy, string attempt)
    {
        var grain = policy.Grain;
        // A date the term allows wherever the status does, so only the lifecycle can refuse.
        var inTerm = policy.Today < Effective ? Effective : policy.Today;
        return attempt switch
        {
            "endorse" => ViolationOf(await grain.Endorse(new Endorsement(inTerm, new() { ["deductible"] = "2500" }, null, "walk", TestPolicies.By), null)),
            "cancel_now" => ViolationOf(await grain.Cancel(Cancellation(policy.Today), null)),
            "schedule_cancellation" => ViolationOf(await grain.Cancel(Cancellation(inTerm.AddDays(30)), null)),
            "reinstate" => ViolationOf(await grain.Reinstate("walk", TestPolicies.By, null)),
            "renew" => ViolationOf(await grain.Renew(TestPolicies.By, null)),
            _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt, null),
        };
    }

    /// <summary>
    /// Moves the clock to the day the action would fall due (no further than needed) and delivers the reminder; then
    /// reads what the clock did from the policy's events. Every step it took must be in the table, and it took
    /// <paramref name="action"/> from the walked status exactly when the table allows it, ending in the table's target.
    /// </summary>
    private async Task AttemptByTheClock(Walk policy, PolicyAction action, string? target)
    {
        var before = (await Events(policy)).Count;
        var due = action switch
        {
            PolicyAction.Activate => Effective,
            PolicyAction.Expire => Expiration,
            // Only a scheduled cancellation has a date; with none, the reminder fires today.
            _ => (await policy.Grain.Get())!.Cancellation?.EffectiveDate ?? policy.Today,
        };
        policy.MoveTo(due);
        await policy.Tick();

        var status = policy.Status;
        var performed = false;
        foreach (var (type, after) in (await Events(policy)).Skip(before))
        {
            var step = type switch
            {
                "policy.activated" => PolicyAction.Activate,
                "policy.cancelled" => PolicyAction.CompleteCancellation,
                "policy.renewal_offered" => PolicyAction.OfferRenewal,
                "policy.expired" => PolicyAction.Expire,
                _ => throw new InvalidOperationException($"The clock raised {type}"),
            };
            Assert.Equal(PolicyLifecycle.Next(status, step), after);
            performed |= step == action && status == policy.Status;
            status = after;
        }
        Assert.Equal(status, (await policy.Grain.Get())!.Status);
        Assert.Equal(target is not null, performed);
        if (target is not null)
        {
            Assert.Equal(target, status);
        }
    }

    /// <summary>The policy's events in the order they were raised: their type and the status they show.</summary>
    private static async Task<List<(string Type, string Status)>> Events(Walk policy)
    {
        var page = await ClusterFixture.Queries.List(QueryKinds.Event, policy.Tenant.ToString(), QueryFilter.None, 1, 500);
        var events = new List<(string, string)>();
        foreach (var document in page.Documents.Reverse())
        {
            using var json = JsonDocument.Parse(document);
            var data = json.RootElement.GetProperty("data");
            if (data.GetProperty("id").GetString() == policy.Id)
            {
                events.Add((json.RootElement.GetProperty("type").GetString()!, data.GetProperty("status").GetString()!));
            }
        }
        return events;
    }

    private static CancellationRequest Cancellation(DateOnly date, string method = CancellationMethods.ProRata) =>
        new(date, method, "walk", TestPolicies.By);

    /// <summary>What refused the command, or null when it went ahead (with a value: the policy exists).</summary>
    private static RuleViolation? ViolationOf<T>(Outcome<T> outcome) where T : class
    {
        Assert.True(outcome.Value is not null ^ outcome.Violation is not null, "the policy was not found");
        return outcome.Violation;
    }

    /// <summary>A setup step went ahead.</summary>
    private static void Succeeds<T>(Outcome<T> outcome) where T : class => Assert.Null(ViolationOf(outcome));
}
