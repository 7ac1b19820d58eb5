using Insure.Grains.Hosting;
using Insure.Grains.Policies;
using Insure.Grains.Products;

namespace Insure.Grains.Tests.Policies;

public sealed class EarnedPremiumTests
{
    private static readonly DateOnly Effective = new(2027, 1, 1);

    [Fact]
    public void Premium_IsEarnedEvenlyOverTheTerm_ByTheEndOfEachDay()
    {
        var state = TestPolicies.Issued(Effective, TestPolicies.At(Effective));
        var written = state.WrittenPremium;
        Assert.Equal((0m, written), (PolicyRules.Earned(state, Effective.AddDays(-1)).Earned, PolicyRules.Earned(state, Effective.AddDays(-1)).Unearned));
        Assert.Equal(Money.Round(written / 365m), PolicyRules.Earned(state, Effective).Earned);
        var half = PolicyRules.Earned(state, Effective.AddDays(181));
        Assert.Equal(Money.Round(written * 182 / 365m), half.Earned);
        Assert.Equal(written, half.Earned + half.Unearned);
        Assert.Equal(written, PolicyRules.Earned(state, new DateOnly(2027, 12, 31)).Earned);
        Assert.Equal(written, PolicyRules.Earned(state, new DateOnly(2030, 1, 1)).Earned);
    }

    [Fact]
    public void AProRataCancellation_StopsTheEarning_OnTheDayItTakesEffect()
    {
        var cancelDay = new DateOnly(2027, 4, 1);
        var state = TestPolicies.Issued(Effective, TestPolicies.At(Effective));
        var premium = state.WrittenPremium;
        var change = PolicyRules.Cancel(state, new CancellationRequest(cancelDay, CancellationMethods.ProRata, "sold", TestPolicies.By), new PolicySettings(), null,
            cancelDay, TestPolicies.At(cancelDay)).Facts!;
        PolicyRules.Apply(state, change);

        var atCancel = PolicyRules.Earned(state, cancelDay.AddDays(-1)).Earned;
        Assert.Equal(Money.Round(premium * 90 / 365m), atCancel);
        Assert.InRange(PolicyRules.Earned(state, new DateOnly(2027, 9, 1)).Earned, atCancel - 0.01m, atCancel + 0.01m);
        Assert.Equal(state.WrittenPremium, PolicyRules.Earned(state, new DateOnly(2028, 1, 1)).Earned);
    }

    [Fact]
    public void IssuingAndCancelling_LeaveBalancedLedgerTransactions_ForTheOutbox()
    {
        var state = TestPolicies.Issued(Effective, TestPolicies.At(Effective));
        var cancelDay = new DateOnly(2027, 4, 1);
        PolicyRules.Apply(state, PolicyRules.Cancel(state, new CancellationRequest(cancelDay, CancellationMethods.ProRata, "sold", TestPolicies.By),
            new PolicySettings(), null, cancelDay, TestPolicies.At(cancelDay)).Facts!);
        Assert.Equal(2, state.PendingLedger.Count);
        Assert.All(state.PendingLedger, t => Assert.Equal(t.Entries.Sum(e => e.Debit), t.Entries.Sum(e => e.Credit)));
        Assert.Equal(["bind", "adjust"], state.PendingBilling.Select(b => b.Kind));
        Assert.Equal(-state.Cancellation!.Calculation.ReturnPremium, state.PendingBilling.Single(b => b.Kind == "adjust").Premium);
    }
}
