using System.Text.Json.Serialization;

namespace Insure.Api.Features.AgencyTokens;

/// <summary>
/// The 422 "multiple token references" answer: the contract's error shape with `tokenReferences`, the agencies the
/// request could mean.
/// </summary>
public sealed record TokenReferencesError(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Details,
    string RequestId,
    IReadOnlyList<TokenReferenceResource> TokenReferences);
