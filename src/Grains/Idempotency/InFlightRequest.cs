namespace Insure.Grains.Idempotency;

/// <summary>The request running under a key: its fingerprint, the lease it must finish with, and when it began.</summary>
internal sealed record InFlightRequest(string Fingerprint, Guid Lease, DateTimeOffset StartedAt);
