namespace Insure.Grains.Organizations;

/// <summary>The fields of an organization an update may change, as they stand after it.</summary>
internal sealed record OrganizationProfile(string Name, string Tier, bool LiveApproved, string Status);
