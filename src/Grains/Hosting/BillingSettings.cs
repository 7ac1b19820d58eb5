namespace Insure.Grains.Hosting;

/// <summary>Billing: the payment gateway, automatic collection retries and dunning (`Insure:Billing`).</summary>
public sealed class BillingSettings
{
    /// <summary>`Sandbox` (default: built in, no network, Stripe test-mode cards) or `Stripe` (needs <see cref="StripeSecretKey"/>).</summary>
    public PaymentGatewayKind Gateway { get; set; } = PaymentGatewayKind.Sandbox;

    /// <summary>Stripe secret key (`sk_test_...` or `sk_live_...`), used when <see cref="Gateway"/> is `Stripe`.</summary>
    public string? StripeSecretKey { get; set; }

    /// <summary>Days after a failed automatic collection at which it is retried, in order; after the last failure the invoice is uncollectible.</summary>
    public int[] RetryDelays { get; set; } = [1, 3, 5, 7];

    /// <summary>Days after an invoice becomes uncollectible before its policy is cancelled for non-payment.</summary>
    public int GraceDays { get; set; } = 10;
}
