namespace Insure.Api.Infrastructure;

/// <summary>Endpoint metadata: the scope an API key needs (`resource:read` or `resource:write`).</summary>
public sealed record RequiredScope(string Scope);
