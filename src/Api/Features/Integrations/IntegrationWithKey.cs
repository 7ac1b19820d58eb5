using Insure.Grains;

namespace Insure.Api.Features.Integrations;

/// <summary>An integration just created, or whose key was just rotated: `key` holds the `isk_` secret, shown this once.</summary>
public sealed record IntegrationWithKey(
    string Id,
    string Object,
    string Name,
    string Environment,
    string[] Scopes,
    string Key,
    IReadOnlyList<IntegrationAgencyResource> Agencies,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? KeyRotatedAt,
    Actor CreatedBy);
