namespace Insure.Api.Infrastructure;

/// <summary>A token just signed, and the payload fields the Create token response shows beside it.</summary>
public sealed record IssuedAgencyToken(string Token, string Reference, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? AgentId);
