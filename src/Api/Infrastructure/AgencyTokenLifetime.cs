namespace Insure.Api.Infrastructure;

/// <summary>How long an agency access token works (`Insure:AgencyTokens:Lifetime`), handed over by the Api's hosting.</summary>
public sealed record AgencyTokenLifetime(TimeSpan Value);
