namespace Insure.Grains;

/// <summary>One status change of an invoice, with who made it and why.</summary>
[GenerateSerializer, Immutable, Alias("insure.invoice-transition")]
public sealed record InvoiceTransition(
    [property: Id(0)] string From,
    [property: Id(1)] string To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Actor By,
    [property: Id(4)] string? Note);
