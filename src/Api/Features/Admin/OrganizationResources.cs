using Insure.Api.Features.ApiKeys;
using Insure.Grains;

namespace Insure.Api.Features.Admin;

public sealed record CreateOrganizationRequest(string? Name);

public sealed record UpdateOrganizationRequest(string? Name, string? Tier, bool? LiveApproved, string? Status);

public sealed record OrganizationDto(
    string Id, string Object, string Name, string Tier, bool LiveApproved, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Actor CreatedBy);

/// <summary>The new organization with its first sandbox key (the secret is shown this once).</summary>
public sealed record CreatedOrganizationDto(
    string Id, string Object, string Name, string Tier, bool LiveApproved, string Status, DateTimeOffset CreatedAt, CreatedApiKeyDto ApiKey);
