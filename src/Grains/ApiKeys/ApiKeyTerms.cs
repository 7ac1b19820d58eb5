namespace Insure.Grains.ApiKeys;

/// <summary>What a new key gets: its scopes (each once) and the expiry that applies after capping.</summary>
internal sealed record ApiKeyTerms(string[] Scopes, DateTimeOffset? ExpiresAt);
