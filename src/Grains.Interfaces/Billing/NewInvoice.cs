namespace Insure.Grains;

/// <summary>
/// An invoice to issue for a policy: its number, due date and lines (which sum to its total). <see cref="CreatedAt"/> is
/// the moment its billing decided it, the same for every invoice decided together, so a bind's installments list in the
/// order their ids were minted rather than in the order their grains happened to run; none: the moment it is issued.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.new-invoice")]
public sealed record NewInvoice(
    [property: Id(0)] string PolicyId,
    [property: Id(1)] string PolicyNumber,
    [property: Id(2)] string Number,
    [property: Id(3)] int? InstallmentNumber,
    [property: Id(4)] DateOnly DueDate,
    [property: Id(5)] string Currency,
    [property: Id(6)] InvoiceLine[] Lines,
    [property: Id(7)] Actor By,
    [property: Id(8)] DateTimeOffset? CreatedAt = null);
