namespace Insure.Api.Infrastructure;

/// <summary>The credential the caller presented (API key or admin secret), kept for the request only.</summary>
public sealed record PresentedCredential(string Value);
