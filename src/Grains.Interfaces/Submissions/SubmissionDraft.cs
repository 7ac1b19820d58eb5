using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>
/// A submission as the caller sent it, shape-checked but not yet held against the product's plan: top-level inputs
/// (<see cref="SubmissionFields.TopLevel"/>) and `attributes`, each as canonical text.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.submission-draft")]
public sealed record SubmissionDraft(
    [property: Id(0)] string InsuredName,
    [property: Id(1)] string ProductCode,
    [property: Id(2)] DateOnly EffectiveDate,
    [property: Id(3)] DateOnly? ExpirationDate,
    [property: Id(4)] Dictionary<string, string> Fields,
    [property: Id(5)] Dictionary<string, string> Attributes,
    [property: Id(6)] Loss[]? LossHistory,
    [property: Id(7)] string? PolicyholderId,
    [property: Id(8)] string? ProducerId);
