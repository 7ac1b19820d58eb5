using Insure.Grains.Products;

namespace Insure.Grains;

/// <summary>
/// What the applicant asked for. Product inputs are held as text in canonical (invariant) form. <see cref="AgencyId"/> is
/// the agency of the producer (the producer itself, or an agent's agency), resolved once when the submission is created
/// so the policy and its claims carry it too: it is what an agency access token's visibility is decided on. Null for a
/// submission without a producer, and in states stored before it existed.
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.submission-application")]
public sealed record SubmissionApplication(
    [property: Id(0)] string InsuredName,
    [property: Id(1)] string ProductCode,
    [property: Id(2)] DateOnly EffectiveDate,
    [property: Id(3)] DateOnly? ExpirationDate,
    [property: Id(4)] Dictionary<string, string> Inputs,
    [property: Id(5)] Loss[]? LossHistory,
    [property: Id(6)] string? PolicyholderId,
    [property: Id(7)] string? ProducerId,
    [property: Id(8)] string? AgencyId = null)
{
    /// <summary>A numeric input's value, or null when it is absent or not a number.</summary>
    public decimal? Number(string name) =>
        Inputs.TryGetValue(name, out var raw)
        && decimal.TryParse(raw, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
