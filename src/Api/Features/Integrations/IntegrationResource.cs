using Insure.Grains;

namespace Insure.Api.Features.Integrations;

/// <summary>An integration as integrators see it: never its secret key, only the key's prefix and last four characters.</summary>
public sealed record IntegrationResource(
    string Id,
    string Object,
    string Name,
    string Environment,
    string[] Scopes,
    string RedactedKey,
    IReadOnlyList<IntegrationAgencyResource> Agencies,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? KeyRotatedAt,
    Actor CreatedBy);
