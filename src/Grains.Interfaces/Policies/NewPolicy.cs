using Insure.Grains.Products;

namespace Insure.Grains;

[GenerateSerializer, Immutable, Alias("insure.new-policy")]
public sealed record NewPolicy(
    [property: Id(0)] string PolicyNumber,
    [property: Id(1)] string SubmissionId,
    [property: Id(2)] string QuoteId,
    [property: Id(3)] SubmissionApplication Application,
    [property: Id(4)] DateOnly ExpirationDate,
    [property: Id(5)] RatingResult Rating,
    [property: Id(6)] string InstallmentPlan,
    [property: Id(7)] Installment[] Installments,
    [property: Id(8)] Actor BoundBy,
    [property: Id(9)] string? RenewalOfPolicyId = null);
