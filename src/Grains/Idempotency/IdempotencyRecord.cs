namespace Insure.Grains.Idempotency;

/// <summary>A remembered response: the request's fingerprint, what it answered, and when the memory lapses.</summary>
public sealed record IdempotencyRecord(string Fingerprint, StoredResponse Response, DateTimeOffset ExpiresAt);
