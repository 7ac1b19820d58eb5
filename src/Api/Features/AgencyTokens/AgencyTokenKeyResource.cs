namespace Insure.Api.Features.AgencyTokens;

/// <summary>A signing key (never its private part): when it was made and, once replaced, until when it still verifies.</summary>
public sealed record AgencyTokenKeyResource(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, DateTimeOffset? VerifyUntil);
