namespace Insure.Grains.Hosting;

/// <summary>Billing: the payment gateway, automatic collection retries and dunning (`Insure:Billing`).</summary>
public sealed class BillingSettings
{
    /// <summary>`Sandbox` (default: built in, no network, Stripe test-mode cards) or `Stripe` (needs <see cref="StripeSecretKey"/>).</summary>
    public PaymentGatewayKind Gateway { get; set; } = PaymentGatewayKind.Sandbox;

    /// <summary>Stripe secret key (`sk_test_...` or `sk_live_...`), used when <see cref="Gateway"/> is `Stripe`.</summary>
    public string? StripeSecretKey { get; set; }

    /// <summary>The retry schedule when none is configured.</summary>
    public static readonly int[] DefaultRetryDelays = [1, 3, 5, 7];

    /// <summary>
    /// Days after a failed automatic collection at which it is retried, in order; after the last failure the invoice is
    /// uncollectible. Empty means <see cref="DefaultRetryDelays"/>: the configuration binder appends configured items to
    /// an array's initial ones, so the default cannot live in the property (it could not be shortened).
    /// </summary>
    public int[] RetryDelays { get; set; } = [];

    /// <summary>The retry schedule in force: <see cref="RetryDelays"/>, or <see cref="DefaultRetryDelays"/> when none is configured.</summary>
    public int[] Retries => RetryDelays is { Length: > 0 } ? RetryDelays : DefaultRetryDelays;

    /// <summary>Days after an invoice becomes uncollectible before its policy is cancelled for non-payment.</summary>
    public int GraceDays { get; set; } = 10;
}
