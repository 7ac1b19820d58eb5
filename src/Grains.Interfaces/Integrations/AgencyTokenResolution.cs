namespace Insure.Grains;

/// <summary>
/// A Create token request worked out: a <see cref="Grant"/> when it names exactly one agency, else the
/// <see cref="Choices"/> it could mean (the 422 "multiple token references" answer).
/// </summary>
[GenerateSerializer, Immutable, Alias("insure.agency-token-resolution")]
public sealed record AgencyTokenResolution(
    [property: Id(0)] AgencyTokenGrant? Grant,
    [property: Id(1)] IReadOnlyList<TokenReferenceChoice> Choices);
