using Insure.Grains.Claims;

namespace Insure.Grains.Tests.Claims;

public sealed class ClaimLifecycleTableTests
{
    /// <summary>The whole state machine, written out: every allowed (from, action) and where it leads.</summary>
    private static readonly Dictionary<(string, ClaimAction), string> Expected = new()
    {
        [("open", ClaimAction.Investigate)] = "investigating",
        [("investigating", ClaimAction.Settle)] = "in_settlement",
        [("in_settlement", ClaimAction.Settle)] = "in_settlement",
        [("in_settlement", ClaimAction.PayOut)] = "settled",
        [("settled", ClaimAction.Close)] = "closed",
        [("open", ClaimAction.Deny)] = "denied",
        [("investigating", ClaimAction.Deny)] = "denied",
        [("in_settlement", ClaimAction.Deny)] = "denied",
        [("denied", ClaimAction.Close)] = "closed",
        [("closed", ClaimAction.Reopen)] = "reopened",
        [("reopened", ClaimAction.Investigate)] = "investigating",
        [("open", ClaimAction.Reserve)] = "open",
        [("investigating", ClaimAction.Reserve)] = "investigating",
        [("in_settlement", ClaimAction.Reserve)] = "in_settlement",
        [("reopened", ClaimAction.Reserve)] = "reopened",
        [("open", ClaimAction.SetLitigation)] = "open",
        [("investigating", ClaimAction.SetLitigation)] = "investigating",
        [("in_settlement", ClaimAction.SetLitigation)] = "in_settlement",
        [("settled", ClaimAction.SetLitigation)] = "settled",
        [("reopened", ClaimAction.SetLitigation)] = "reopened",
    };

    private static readonly string[] Statuses = ["open", "investigating", "in_settlement", "settled", "denied", "closed", "reopened"];

    public static IEnumerable<object[]> EveryPair() =>
        from status in Statuses
        from action in Enum.GetNames<ClaimAction>()
        select new object[] { status, action };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryTransition_IsAllowedOnlyWhereTheTableSays(string from, string actionName)
    {
        var action = Enum.Parse<ClaimAction>(actionName);
        Assert.Equal(Expected.GetValueOrDefault((from, action)), ClaimLifecycle.Next(from, action));
    }

    [Fact]
    public void TheTable_HoldsNothingElse()
    {
        Assert.Equal(Expected.Count, ClaimLifecycle.All.Count());
        Assert.All(ClaimLifecycle.All, t => Assert.Contains(t.From, Statuses));
    }

    [Fact]
    public void ClosedAndDeniedClaims_TakeNoReserveOrPayment()
    {
        foreach (var action in new[] { ClaimAction.Reserve, ClaimAction.Settle, ClaimAction.SetLitigation, ClaimAction.Investigate })
        {
            Assert.Null(ClaimLifecycle.Next("closed", action));
            Assert.Null(ClaimLifecycle.Next("denied", action));
        }
    }
}
