namespace Insure.Grains.Billing;

/// <summary>What can happen to an invoice.</summary>
internal enum InvoiceAction
{
    /// <summary>The invoice is created; it starts in <see cref="InvoiceLifecycle.Initial"/>.</summary>
    Issue,
    /// <summary>The draft is finalized and can be paid.</summary>
    Finalize,
    /// <summary>A payment that leaves a balance; the status stays.</summary>
    PayPart,
    /// <summary>The payment that leaves nothing due.</summary>
    PayInFull,
    /// <summary>A card charge was declined.</summary>
    Fail,
    /// <summary>The last retry failed: the debt is written off.</summary>
    GiveUp,
    Void,
    /// <summary>A refund that leaves some of the payments kept.</summary>
    RefundPart,
    /// <summary>The refund that returns everything paid.</summary>
    RefundAll,
}
