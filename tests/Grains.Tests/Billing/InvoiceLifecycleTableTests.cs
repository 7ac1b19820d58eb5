using Insure.Grains.Billing;

namespace Insure.Grains.Tests.Billing;

public sealed class InvoiceLifecycleTableTests
{
    /// <summary>The whole state machine, written out: every allowed (from, action) and where it leads.</summary>
    private static readonly Dictionary<(string, InvoiceAction), string> Expected = new()
    {
        [("draft", InvoiceAction.Finalize)] = "open",
        [("open", InvoiceAction.PayPart)] = "open",
        [("open", InvoiceAction.PayInFull)] = "paid",
        [("open", InvoiceAction.Fail)] = "payment_failed",
        [("payment_failed", InvoiceAction.Fail)] = "payment_failed",
        [("payment_failed", InvoiceAction.PayPart)] = "payment_failed",
        [("payment_failed", InvoiceAction.PayInFull)] = "paid",
        [("payment_failed", InvoiceAction.GiveUp)] = "uncollectible",
        [("uncollectible", InvoiceAction.Fail)] = "uncollectible",
        [("uncollectible", InvoiceAction.PayPart)] = "uncollectible",
        [("uncollectible", InvoiceAction.PayInFull)] = "paid",
        [("open", InvoiceAction.Void)] = "voided",
        [("payment_failed", InvoiceAction.Void)] = "voided",
        [("paid", InvoiceAction.RefundPart)] = "partially_refunded",
        [("paid", InvoiceAction.RefundAll)] = "refunded",
        [("partially_refunded", InvoiceAction.RefundPart)] = "partially_refunded",
        [("partially_refunded", InvoiceAction.RefundAll)] = "refunded",
    };

    private static readonly string[] Statuses = ["draft", "open", "paid", "payment_failed", "uncollectible", "voided", "partially_refunded", "refunded"];

    public static IEnumerable<object[]> EveryPair() =>
        from status in Statuses
        from action in Enum.GetNames<InvoiceAction>()
        select new object[] { status, action };

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryTransition_IsAllowedOnlyWhereTheTableSays(string from, string actionName)
    {
        var action = Enum.Parse<InvoiceAction>(actionName);
        Assert.Equal(Expected.GetValueOrDefault((from, action)), InvoiceLifecycle.Next(from, action));
    }

    [Fact]
    public void TheTable_HoldsNothingElse()
    {
        Assert.Equal(Expected.Count, InvoiceLifecycle.All.Count());
        Assert.All(InvoiceLifecycle.All, t => Assert.Contains(t.From, Statuses));
    }

    [Fact]
    public void VoidedAndRefundedInvoices_AreFinal()
    {
        foreach (var action in Enum.GetValues<InvoiceAction>())
        {
            Assert.Null(InvoiceLifecycle.Next("voided", action));
            Assert.Null(InvoiceLifecycle.Next("refunded", action));
        }
    }
}
