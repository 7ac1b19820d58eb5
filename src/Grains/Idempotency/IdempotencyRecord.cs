namespace Insure.Grains.Idempotency;

/// <summary>
/// A remembered request: its fingerprint, the response it got, when the memory lapses, and the anchor of the ids it
/// created. A response of status 0 marks an uncertain request (see <see cref="IdempotencyRules.Abandon"/>).
/// </summary>
public sealed record IdempotencyRecord(string Fingerprint, StoredResponse Response, DateTimeOffset ExpiresAt, string? Anchor = null)
{
    public bool IsUncertain => Response.StatusCode == 0;
}
