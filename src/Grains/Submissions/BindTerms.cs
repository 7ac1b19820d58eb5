namespace Insure.Grains.Submissions;

/// <summary>What binding a quote issues: the term's end and the installment schedule.</summary>
internal sealed record BindTerms(DateOnly ExpirationDate, Installment[] Installments);
