namespace Insure.Grains;

/// <summary>Every event type the platform emits, with what it means: the list webhook filters are checked against.</summary>
public static class EventTypes
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["api_key.created"] = "An API key was created",
        ["api_key.revoked"] = "An API key was revoked (and with it the keys it created)",
        ["policyholder.created"] = "A policyholder was created",
        ["policyholder.updated"] = "A policyholder's details changed",
        ["submission.created"] = "A submission was received and triaged",
        ["submission.quoted"] = "A submission was quoted",
        ["submission.bound"] = "A submission was bound into a policy",
        ["policy.bound"] = "A new policy was bound",
        ["policy.activated"] = "A bound policy reached its effective date",
        ["policy.endorsed"] = "A mid-term endorsement was applied",
        ["policy.cancellation_scheduled"] = "A cancellation was scheduled for a future date",
        ["policy.cancelled"] = "A policy was cancelled",
        ["policy.reinstated"] = "A cancelled policy was reinstated",
        ["policy.renewal_offered"] = "A renewal was offered ahead of expiry",
        ["policy.renewed"] = "A renewal policy was created",
        ["policy.expired"] = "A policy reached its expiration date",
        ["claim.filed"] = "A first notice of loss was received",
        ["claim.investigating"] = "A claim went under investigation",
        ["claim.reserved"] = "Claim reserves were set or changed",
        ["claim.settled"] = "A settlement payment was made",
        ["claim.denied"] = "A claim was denied",
        ["claim.closed"] = "A claim was closed",
        ["claim.reopened"] = "A closed claim was reopened",
        ["claim.litigation_changed"] = "A claim's litigation flag changed",
        ["claim.attachment_added"] = "A file was attached to a claim",
        ["invoice.created"] = "An invoice was issued",
        ["invoice.paid"] = "An invoice was paid in full",
        ["invoice.voided"] = "An invoice was voided",
        ["invoice.uncollectible"] = "Collection of an invoice was given up",
        ["payment.received"] = "A premium payment was processed",
        ["payment.failed"] = "A payment attempt failed",
        ["payment.refunded"] = "A payment was refunded, in part or in full",
        ["webhook.created"] = "A webhook subscription was created",
        ["webhook.updated"] = "A webhook subscription was changed",
        ["webhook.secret_rotated"] = "A webhook subscription's signing secret was rotated",
        ["webhook.deleted"] = "A webhook subscription was deleted",
        ["webhook.disabled"] = "A webhook subscription was disabled after its deliveries kept failing",
    };
}
