namespace Insure.Api.Features.AgencyTokens;

/// <summary>Every agency access token of <see cref="AgencyId"/> made before <see cref="RevokedAt"/> no longer works.</summary>
public sealed record AgencyTokenRevocationResource(string Object, string AgencyId, DateTimeOffset RevokedAt);
