namespace Insure.Grains.Claims;

/// <summary>What can happen to a claim.</summary>
internal enum ClaimAction
{
    /// <summary>First notice of loss; a claim starts in <see cref="ClaimLifecycle.Initial"/>.</summary>
    File,
    Investigate,
    /// <summary>A reserve is set; the status stays.</summary>
    Reserve,
    /// <summary>A settlement payment that leaves indemnity reserve outstanding.</summary>
    Settle,
    /// <summary>The payment that pays the indemnity reserve out: the claim is settled.</summary>
    PayOut,
    Deny,
    Close,
    Reopen,
    /// <summary>The litigation flag is set or cleared; the status stays.</summary>
    SetLitigation,
}
