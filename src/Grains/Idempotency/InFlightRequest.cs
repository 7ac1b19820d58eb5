namespace Insure.Grains.Idempotency;

/// <summary>The request running under a key: its fingerprint, the lease it must finish with, when it began and its anchor.</summary>
internal sealed record InFlightRequest(string Fingerprint, Guid Lease, DateTimeOffset StartedAt, string? Anchor = null);
