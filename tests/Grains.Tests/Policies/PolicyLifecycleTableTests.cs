using Insure.Grains.Policies;

namespace Insure.Grains.Tests.Policies;

public sealed class PolicyLifecycleTableTests
{
    /// <summary>The whole state machine, written out: every allowed (from, action) and where it leads.</summary>
    private static readonly Dictionary<(string, PolicyAction), string> Expected = new()
    {
        [("bound", PolicyAction.Activate)] = "active",
        [("bound", PolicyAction.Endorse)] = "bound",
        [("bound", PolicyAction.Cancel)] = "cancelled",
        [("bound", PolicyAction.ScheduleCancellation)] = "pending_cancellation",
        [("bound", PolicyAction.Renew)] = "bound",
        [("bound", PolicyAction.OfferRenewal)] = "bound",
        [("active", PolicyAction.Endorse)] = "active",
        [("active", PolicyAction.Cancel)] = "cancelled",
        [("active", PolicyAction.ScheduleCancellation)] = "pending_cancellation",
        [("active", PolicyAction.Renew)] = "active",
        [("active", PolicyAction.OfferRenewal)] = "active",
        [("active", PolicyAction.Expire)] = "expired",
        [("pending_cancellation", PolicyAction.CompleteCancellation)] = "cancelled",
        [("pending_cancellation", PolicyAction.Reinstate)] = "active",
        [("pending_cancellation", PolicyAction.ReinstateBeforeInception)] = "bound",
        [("cancelled", PolicyAction.Reinstate)] = "active",
    };

    public static IEnumerable<object[]> EveryPair() =>
        from status in new[] { "bound", "active", "pending_cancellation", "cancelled", "expired" }
        from action in Enum.GetNames<PolicyAction>()
        select new object[] { status, action };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryTransition_IsAllowedOnlyWhereTheTableSays(string from, string actionName)
    {
        var action = Enum.Parse<PolicyAction>(actionName);
        Assert.Equal(Expected.GetValueOrDefault((from, action)), PolicyLifecycle.Next(from, action));
    }

    [Fact]
    public void ExpiredAndCancelledPolicies_CannotBeChanged()
    {
        foreach (var action in new[] { PolicyAction.Endorse, PolicyAction.Cancel, PolicyAction.Renew })
        {
            Assert.Null(PolicyLifecycle.Next("expired", action));
            Assert.Null(PolicyLifecycle.Next("cancelled", action));
        }
    }
}
