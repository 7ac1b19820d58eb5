namespace Insure.Grains.Billing;

/// <summary>An invoice billing has decided to issue, with the id it will have.</summary>
[GenerateSerializer, Immutable, Alias("insure.pending-invoice")]
public sealed record PendingInvoice([property: Id(0)] string Id, [property: Id(1)] NewInvoice Invoice);
