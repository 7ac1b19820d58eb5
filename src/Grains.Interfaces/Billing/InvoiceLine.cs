namespace Insure.Grains;

/// <summary>
/// One line of an invoice: `premium`, `taxes` or `fees` from the installment schedule, an endorsement's share
/// (`endorsement_premium`, `endorsement_taxes`, `endorsement_fees`), or a `credit` (negative) from a return premium.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.invoice-line")]
public sealed record InvoiceLine(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string? SourceId = null);
