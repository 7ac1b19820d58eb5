namespace Insure.Grains.Hosting;

/// <summary>Which payment gateway collects invoices.</summary>
public enum PaymentGatewayKind
{
    /// <summary>Built in: behaves like Stripe's test mode with its test payment methods, and needs no network.</summary>
    Sandbox,

    /// <summary>Stripe, through the Stripe.net package, with `Insure:Billing:StripeSecretKey`.</summary>
    Stripe,
}
